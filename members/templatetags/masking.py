from django import template

register = template.Library()


@register.filter
def mask(value, visible: int = 4):
    """Personal data is masked by default (PIPL): keep only the last digits."""
    text = str(value or "")
    if len(text) <= visible:
        return "*" * len(text)
    return "*" * (len(text) - visible) + text[-visible:]
