"""The search entries of the scale data set, added in bulk once every part is in: the other
parts write their rows without the signals that index one page at a time (`load_scale`)."""

from cms.search import index


def load(command):
    """Nothing of its own: see finish()."""


def finish(command):
    added = index.add_missing()
    command.stdout.write(f"  search: {added} entries added")
