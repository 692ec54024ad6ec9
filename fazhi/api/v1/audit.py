from ninja import Router

router = Router(tags=["全过程记录"])
