from cms.directory.models import MemberOrganisationPage


def test_demo_has_fifteen_members_with_an_english_index_and_profiles(client, demo):
    ja = MemberOrganisationPage.objects.filter(locale__language_code="ja").live()
    assert ja.count() == 15
    assert {m.organisation_type for m in ja} >= {"npo", "social_welfare_council", "company"}
    html = client.get("/en/members/").content.decode()
    assert "Member organisations" in html
    assert "Iiyama City Social Welfare Council" in html
    assert client.get("/ja/members/iiyama-shakyo/").status_code == 200
    assert "Food Bank Kita-Shinshu" in client.get("/en/members/food-bank/").content.decode()
