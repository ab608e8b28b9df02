"""A user's template that loops for ever or builds huge text is stopped with a message."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import jinja2
import pytest

from assistant.cli import main
from assistant.config import Settings
from assistant.publishing.rendered import RenderError
from assistant.publishing.templates import render_template

NS = "{% set ns = namespace(s='x', n=9, a=['xxxxxxxxxx']) %}"
ATTACKS = {
    "nested loops": "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}"
    "{% endfor %}",
    "loops over a list": "{% set l = range(100000)|list %}{% for a in l %}{% for b in l %}"
    "{% endfor %}{% endfor %}",
    "huge range": "{{ range(10**12)|list|length }}",
    "text times a number": "{{ 'x' * 1000000000 }}",
    "list times a number": "{{ ([1] * 100000000)|length }}",
    "doubling with ~": NS + "{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
    "doubling with +": NS + "{% for i in range(60) %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
    "nested lists": NS + "{% for i in range(30) %}{% set ns.a = [ns.a, ns.a, ns.a, ns.a] %}"
    "{% endfor %}{{ ns.a }}",
    "a list that grows itself": "{% set l = [1] %}{% for i in range(60) %}"
    "{% set _ = l.extend(l) %}{% endfor %}",
    "ljust": "{{ 'x'.ljust(1000000000) }}",
    "center": "{{ 'x'|center(1000000000) }}",
    "indent": "{{ ('\\n' * 1000000)|indent(100000) }}",
    "printf width": "{{ '%999999999d' % 1 }}",
    "format width": "{{ '{:999999999}'.format(1) }}",
    "format filter width": "{{ '%999999999s'|format(1) }}",
    "replace": "{% set s = 'x' * 100000 %}{{ s.replace('', s) }}",
    "replace filter": "{% set s = 'x' * 100000 %}{{ s|replace('x', s) }}",
    "join": "{% set s = 'x' * 100000 %}{{ range(100000)|join(s) }}",
    "power": "{{ 9 ** (9 ** 9) }}",
    "squaring": NS + "{% for i in range(40) %}{% set ns.n = ns.n * ns.n %}{% endfor %}",
    "slices": "{{ [1]|slice(1000000000)|list|length }}",
    "wordwrap": "{{ ('x ' * 1000000)|wordwrap(1) }}",
    "output flood": "{% for i in range(190000) %}{{ 'y' * 100 }}{% endfor %}",
    "captured flood": "{% set b %}{% for i in range(190000) %}" + "z" * 600 + "{% endfor %}"
    "{% endset %}{{ b|length }}",
    "recursion": "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
    "recursive loop": "{% for x in [[1]] recursive %}{{ loop([x]) }}{% endfor %}",
    "too many digits": "{{ 10 ** 5000 }}",
    "filler text": "{{ lipsum(1000000) }}",
}


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        knowledge_dirs=[],
        user_knowledge_dir=tmp_path / "knowledge",
        index_dir=tmp_path / "index",
        config_path=tmp_path / "config.toml",
        data_dir=tmp_path / "data",
    )


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_runaway_templates_are_stopped(attack: str, settings: Settings) -> None:
    folder = settings.data_dir / "templates" / "briefing"
    folder.mkdir(parents=True)
    (folder / "evil.md.j2").write_text(ATTACKS[attack], encoding="utf-8")
    tracemalloc.start()
    try:
        with pytest.raises(RenderError, match="the template 'briefing/evil.md.j2' failed"):
            render_template(settings, "briefing/evil.md.j2", {})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 150_000_000, f"{attack} took {peak / 1e6:.0f} MB"


def test_ordinary_templates_render_as_jinja_renders_them(settings: Settings) -> None:
    source = (
        "{% for point in points %}{{ loop.index }}. {{ point|upper|center(20) }}"
        "{% if not loop.last %}, {% endif %}{% else %}none{% endfor %} · "
        "{{ '%05.1f' % 3.14159 }} · {{ '{:>6}'.format('ab') }} · {{ ', '.join(points) ~ '!' }}"
        " · {{ (points * 2)|length }} · {{ range(3)|length }}"
        " · {{ points|map('upper')|join('+') }} · {{ 2 ** 10 }}"
        "{% set ns = namespace(total=0) %}{% for n in range(5) %}{% set ns.total = ns.total + n %}"
        "{% endfor %} · {{ ns.total }} · {{ points|batch(1)|list }} · {{ 'a\nb'|indent(2) }}"
    )
    folder = settings.data_dir / "templates" / "briefing"
    folder.mkdir(parents=True)
    (folder / "ours.md.j2").write_text(source, encoding="utf-8")
    text = render_template(settings, "briefing/ours.md.j2", {"points": ["a", "b"]})
    assert text == jinja2.Environment().from_string(source).render(points=["a", "b"])
    assert "A+B · 1024 · 10 · [['a'], ['b']]" in text


def test_a_runaway_template_from_the_command_line(
    capsys: pytest.CaptureFixture[str], isolated_home: Path, tmp_path: Path
) -> None:
    folder = isolated_home / "templates" / "briefing"
    folder.mkdir(parents=True)
    (folder / "loops.md.j2").write_text(ATTACKS["nested loops"], encoding="utf-8")
    findings = tmp_path / "findings.yaml"
    code = main(["briefing", "new", str(findings)])
    code = main(["briefing", "render", str(findings), "--format", "md", "--template", "loops"])
    _out, err = capsys.readouterr()
    assert code == 1 and "loops or calls more than 200,000 times" in err
    assert not findings.with_suffix(".md").exists()
