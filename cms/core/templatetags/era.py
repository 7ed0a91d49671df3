"""Era dates in templates: `{% load era %}` then `{{ day|era_date }}` (令和8年12月7日),
`{{ day|era_year }}` (令和8年（2026年）) and `{{ year|fiscal_year_label }}` (令和7年度（2025年度）);
Western dates and years in languages other than Japanese."""

from django import template

from cms.core import era

register = template.Library()

register.filter("era_date", era.era_date)
register.filter("era_year", era.era_year)
register.filter("fiscal_year_label", era.fiscal_year_label)
