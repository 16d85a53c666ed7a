"""The agreements about help on a chat conversation's page (gemeinwerk/chat/panels.py):
accept, decline, mark done or end kindly, right where the two people talk."""

from typing import Any

from django.template.loader import render_to_string

from gemeinwerk.market import selectors


def agreements(request: Any, conversation: Any) -> str:
    responses = selectors.agreements_between(request.user, conversation)
    if not responses:
        return ""
    rows = [
        {"response": response, "owner": response.listing.owner_id == request.user.pk}
        for response in responses
    ]
    return render_to_string(
        "market/_chat_panel.html", {"rows": rows, "next": request.path}, request=request
    )
