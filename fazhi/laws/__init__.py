"""The unified public inquiry platform for laws and normative documents (法律法规规章规范性文件统一公开查询平台)."""
