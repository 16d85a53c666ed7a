from django import template

from gemeinwerk.places.opening import OpeningState
from gemeinwerk.places.opening_text import OpeningText
from gemeinwerk.places.opening_text import opening_text as words

register = template.Library()


@register.filter
def opening_text(state: OpeningState) -> OpeningText:
    """`{% with opening=state|opening_text %}`: the words for an opening state."""
    return words(state)
