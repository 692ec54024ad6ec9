from ninja import Router

router = Router(tags=["证据材料"])
