from cyp_cli.model.markdown import anchor_id, parse_body, slugify


def test_slugify_matches_github() -> None:
    assert slugify("Strategic objectives") == "strategic-objectives"
    assert slugify("Core aim 1: a flying start!") == "core-aim-1-a-flying-start"
    assert slugify("Cymraeg: Ŵyn â chŵn") == "cymraeg-ŵyn-â-chŵn"


def test_repeated_headings_get_numbered_slugs() -> None:
    body = parse_body("## Actions\n\ntext\n\n## Actions\n")
    assert [h.slug for h in body.headings] == ["actions", "actions-1"]


def test_positions_are_file_lines() -> None:
    body = parse_body("intro\n\n## Where we are\n\nSee [x](other.md#a).\n", "s.md", 10)
    assert body.headings[0].line == 12
    (link,) = body.links
    # the column is the href's, where an editor should put the cursor
    assert (link.href, link.text, link.line, link.col) == ("other.md#a", "x", 14, 9)


def test_unsafe_links_are_still_tokens_so_lint_can_name_them() -> None:
    body = parse_body("[x](javascript:alert(1)) ![](data:image/png;base64,AA)\n")
    assert [link.href for link in body.links] == ["javascript:alert(1)",
                                                  "data:image/png;base64,AA"]
    assert body.links[1].image and body.links[1].text == ""


def test_raw_html_is_recorded() -> None:
    body = parse_body("<div>x</div>\n\ntext <b>bold</b>\n")
    assert [h for _, h in body.html] == ["<div>x</div>", "<b>", "</b>"]


def test_anchor_id() -> None:
    assert anchor_id("child-poverty") == "child-poverty"
    assert anchor_id("child-poverty", "objectives") == "child-poverty--objectives"
