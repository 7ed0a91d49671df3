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


# DESIGN.md: dependencies point one way, cms ← events ← volunteers (courses is a layer on
# events; sponsors may use cms and events). A lower layer never imports a higher one.
HIGHER = {
    "cms": ("events", "volunteers", "sponsors"),
    "events": ("events.courses", "volunteers", "sponsors"),
    "volunteers": ("sponsors",),
}


def _imports(path):
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module


def test_no_layer_imports_a_layer_above_it():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    wrong = []
    for layer, above in HIGHER.items():
        for path in (root / layer.replace(".", "/")).rglob("*.py"):
            if layer == "events" and "courses" in path.relative_to(root / "events").parts:
                continue  # courses itself sits above events
            if "migrations" in path.parts or path == root / "cms" / "urls.py":
                continue  # the project's root URLconf wires every app
            for module in _imports(path):
                if any(module == name or module.startswith(name + ".") for name in above):
                    wrong.append(f"{path.relative_to(root)} imports {module}")
    assert wrong == []
