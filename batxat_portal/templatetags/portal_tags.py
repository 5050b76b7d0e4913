from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **changes):
    """The current query string with some parameters replaced: keeps filters across pages."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.simple_tag(takes_context=True)
def query_page(context, param: str, number: int):
    """The current query string with the page parameter `param` (page, officer_page…) set to `number`."""
    query = context["request"].GET.copy()
    query[param] = number
    return query.urlencode()


@register.filter
def startswith(value, prefix) -> bool:
    return str(value).startswith(str(prefix))


@register.filter
def indent_class(depth: int) -> str:
    return f"tree-indent-{min(int(depth), 4)}" if depth else ""
