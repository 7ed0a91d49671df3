"""Demo synonyms, and the search entries of everything the other demo loaders published."""

from cms.search import index
from cms.search.models import Synonym

SYNONYMS = [
    "子供, 子ども, こども",
    "居場所, いばしょ",
    "食堂, しょくどう",
    "高齢者, お年寄り, シニア",
    "ひきこもり, 引きこもり, 引き籠り",
    "相談, そうだん",
    "障害, 障がい, 障碍",
]


def load(command):
    for terms in SYNONYMS:
        Synonym.objects.get_or_create(terms=terms)
    count = index.rebuild()
    command.stdout.write(f"  search: {len(SYNONYMS)} synonym groups, {count} entries indexed")
