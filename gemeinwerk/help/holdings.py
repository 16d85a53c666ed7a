"""The help centre's entries in the personal data registry (see accounts.personal_data)."""

from gemeinwerk.accounts import personal_data as pd
from gemeinwerk.help.models import Article


def register_all() -> None:
    # The staff member who last changed an article: the text is the platform's and stays.
    pd.register(Article, "updated_by", note="a help article staff wrote; link emptied")
