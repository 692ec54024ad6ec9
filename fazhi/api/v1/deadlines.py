from ninja import Router

router = Router(tags=["期限计算"])
