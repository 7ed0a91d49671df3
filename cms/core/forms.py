from django import forms

from cms.core.text import normalise, normalise_email, normalise_multiline


class NormalisedFormMixin:
    """Normalise every text field of a public form (NFKC, spaces) before validation, so that
    full-width input validates and is stored in one form; the visitor sees the normalised
    value if the form comes back with errors."""

    def full_clean(self):
        if self.is_bound:
            data = self.data.copy()
            for name, field in self.fields.items():
                key = self.add_prefix(name)
                if key not in data or not isinstance(field, forms.CharField):
                    continue
                values = data.getlist(key) if hasattr(data, "getlist") else [data[key]]
                if isinstance(field, forms.EmailField):
                    cleaned = [normalise_email(v) for v in values]
                elif isinstance(field.widget, forms.Textarea):
                    cleaned = [normalise_multiline(v) for v in values]
                else:
                    cleaned = [normalise(v) for v in values]
                if hasattr(data, "setlist"):
                    data.setlist(key, cleaned)
                else:
                    data[key] = cleaned[0]
            self.data = data
        return super().full_clean()
