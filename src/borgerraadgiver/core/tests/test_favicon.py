from django.contrib.staticfiles import finders


def test_every_page_names_an_icon_that_exists_so_browsers_do_not_ask_for_favicon_ico(client, db):
    html = client.get("/log-ind/").content.decode()
    assert 'rel="icon"' in html
    assert finders.find("core/favicon.svg")
