"""The members app: one package per area — roster/, transfers/, pipeline/, dues/, importing/ — with
models/ gathering every model for Django and the other apps."""
