from django import template

register = template.Library()


@register.filter
def pct(value) -> str:
    """23.9 -> "23.9%"; no denominator -> "—"."""
    return "—" if value is None else f"{value:.1f}%"


@register.filter
def band(value) -> str:
    """A heat-map colour class for a completion rate."""
    if value is None:
        return "h-none"
    return "h-good" if value >= 90 else "h-fair" if value >= 70 else "h-poor" if value >= 50 else "h-bad"
