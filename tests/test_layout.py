import ast
from pathlib import Path

from django.apps import apps


def test_the_apps_of_the_design_are_installed():
    installed = {config.name for config in apps.get_app_configs()}
    assert {"cms.core", "cms.home", "events", "volunteers", "sponsors"} <= installed
    assert {"wagtail_localize", "wagtail_localize.locales", "django_q"} <= installed


def test_every_model_change_has_a_migration(db):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


# DESIGN.md: dependencies point one way, cms ← events ← volunteers; courses and food drives are
# layers on events (neither uses the other); sponsors may use cms and events. A lower layer never
# imports a higher one, and cms/core, under every other app of cms, imports none of them.
ROOT = Path(__file__).resolve().parent.parent

FORBIDDEN = {
    "cms": ("events", "volunteers", "sponsors"),
    "cms.core": ("cms", "events", "volunteers", "sponsors"),  # cms but cms.core: _forbids
    "events": ("events.courses", "events.fooddrives", "volunteers", "sponsors"),
    "events.courses": ("events.fooddrives", "volunteers", "sponsors"),
    "events.fooddrives": ("events.courses", "volunteers", "sponsors"),
    "volunteers": ("sponsors",),
    "sponsors": ("volunteers",),
}

# A dotted path in a string is an import too when Django, Wagtail or django-q2 imports it.
IMPORTING_CALLS = {"include", "import_module", "import_string", "__import__", "async_task"}
IMPORTING_ATTRIBUTES = {"delivery_task"}


def _module_of(path, root):
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _package_of(module):
    """The most specific package of FORBIDDEN a module belongs to."""
    return max((name for name in FORBIDDEN if _within(module, name)), key=len)


def _dotted_string(node):
    if isinstance(node, ast.Tuple) and node.elts:
        node = node.elts[0]  # include(("app.urls", "namespace"))
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _imports(path, root):
    """Every module a file imports, at any depth (functions too), relative imports resolved,
    `from a import b` as a.b, and dotted paths handed to an importing call."""
    module = _module_of(path, root)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            yield from (
                base if alias.name == "*" else f"{base}.{alias.name}" for alias in node.names
            )
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in IMPORTING_CALLS and (dotted := _dotted_string(node.args[0])):
                yield dotted
        elif isinstance(node, ast.Assign) and (dotted := _dotted_string(node.value)):
            targets = {getattr(target, "id", None) for target in node.targets}
            if targets & IMPORTING_ATTRIBUTES:
                yield dotted


def _within(module, name):
    return module == name or module.startswith(name + ".")


def _forbids(package, module):
    """Whether `package` may not import `module`; its own modules it may, unless they belong
    to a layer above it inside it (events.courses for events)."""
    return any(
        _within(module, name) and (len(name) > len(package) or not _within(module, package))
        for name in FORBIDDEN[package]
    )


def layering_violations(root=ROOT):
    wrong = []
    for top in ("cms", "events", "volunteers", "sponsors"):
        for path in sorted((root / top).rglob("*.py")):
            package = _package_of(_module_of(path, root))
            for module in set(_imports(path, root)):
                if _forbids(package, module):
                    wrong.append(f"{path.relative_to(root)} imports {module}")
    return sorted(wrong)


def test_no_layer_imports_a_layer_above_it():
    assert layering_violations() == []


def test_the_rule_sees_every_kind_of_import(tmp_path):
    """A planted import of each kind is found: module level, in a function, relative, and a
    URLconf included by its dotted path; an import within the layers is not."""
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "planted.py").write_text(
        "from events import capacity, courses\n", encoding="utf-8"
    )
    plant = tmp_path / "cms" / "core" / "planted.py"
    plant.parent.mkdir(parents=True)
    plant.write_text(
        "from .. import people\n"
        "from . import fiscal\n"
        "from cms.core.text import normalize\n"
        "from django.urls import include\n\n"
        "def later():\n"
        "    import volunteers.models\n"
        "    return include('events.urls')\n",
        encoding="utf-8",
    )
    assert layering_violations(tmp_path) == [
        "cms/core/planted.py imports cms.people",
        "cms/core/planted.py imports events.urls",
        "cms/core/planted.py imports volunteers.models",
        "events/planted.py imports events.courses",
    ]


def test_the_project_urlconf_serves_wagtail_pages_last():
    from django.urls import get_resolver, reverse

    assert reverse("calendar") == "/calendar.ics"
    assert reverse("calendar_localized") == "/ja/calendar.ics"
    last = get_resolver().url_patterns[-1].url_patterns[-1]
    assert last.name == "wagtail_serve"
