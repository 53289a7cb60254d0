"""The reviewer's Word file: edits never lost, comments, lock files."""

import zipfile

import docx
import pytest
from conftest import EXAMPLE, body_texts, run
from lxml import etree

from drafter.commands.build import build
from drafter.commands.next_year import next_year


def test_unedited_output_is_replaced_silently(tmp_path):
    target = build(EXAMPLE, tmp_path / "报告.docx")
    first = target.read_bytes()
    result = run("build", EXAMPLE, "-o", target)
    assert result.exit_code == 0 and target.read_bytes() == first


def test_edited_output_is_kept_and_force_backs_it_up(tmp_path):
    target = build(EXAMPLE, tmp_path / "报告.docx")
    document = docx.Document(str(target))
    document.paragraphs[2].add_run("领导批示：此处需补充。")
    document.save(str(target))
    edited = target.read_bytes()

    refused = run("build", EXAMPLE, "-o", target)
    assert refused.exit_code == 2 and "被修改过" in refused.output and "--force" in refused.output
    assert target.read_bytes() == edited
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报告.docx"]

    forced = run("build", EXAMPLE, "-o", target, "--force")
    assert forced.exit_code == 0, forced.output
    backups = [p for p in tmp_path.iterdir() if "修改稿备份" in p.name]
    assert len(backups) == 1 and backups[0].read_bytes() == edited
    assert "原文件已另存为" in forced.output
    assert "领导批示" not in "".join(body_texts(docx.Document(str(target))))


def test_a_file_drafter_did_not_write_is_never_overwritten(tmp_path):
    target = tmp_path / "别人的.docx"
    docx.Document().save(str(target))
    before = target.read_bytes()
    result = run("build", EXAMPLE, "-o", target)
    assert result.exit_code == 2 and "不是 drafter 生成的" in result.output
    assert target.read_bytes() == before


def test_properties_part_changes_do_not_count_as_edits(tmp_path):
    """WPS adds its own entries to the document properties on opening."""
    target = build(EXAMPLE, tmp_path / "报告.docx")
    with zipfile.ZipFile(target) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    parts["docProps/app.xml"] = parts["docProps/app.xml"].replace(b"</Properties>", b"<AppVersion>12.0000</AppVersion></Properties>")
    with zipfile.ZipFile(target, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    assert run("build", EXAMPLE, "-o", target).exit_code == 0


@pytest.mark.parametrize("lock", ["~$报告.docx", "~$21年度报告.docx"])
def test_a_file_open_in_word_is_not_touched(tmp_path, lock):
    name = "报告.docx" if lock == "~$报告.docx" else "2021年度报告.docx"
    target = build(EXAMPLE, tmp_path / name)
    (tmp_path / lock).write_bytes(b"owner")
    result = run("build", EXAMPLE, "-o", target)
    assert result.exit_code == 2 and "请先在 Word/WPS 中关闭该文件" in result.output


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _comments(path):
    with zipfile.ZipFile(path) as package:
        document = etree.fromstring(package.read("word/document.xml"))
        comments = etree.fromstring(package.read("word/comments.xml"))
    texts = {c.get(f"{W}id"): "\n".join(t.text for t in c.iter(f"{W}t")) for c in comments}
    anchored = {}
    for start in document.iter(f"{W}commentRangeStart"):
        run = start.getnext()
        anchored[start.get(f"{W}id")] = "".join(t.text for t in run.iter(f"{W}t"))
    return texts, anchored


def test_annotate_names_department_and_file_on_each_section(tmp_path):
    plain = build(EXAMPLE, tmp_path / "plain.docx")
    annotated = build(EXAMPLE, tmp_path / "annotated.docx", annotate=True)
    assert body_texts(docx.Document(str(plain))) == body_texts(docx.Document(str(annotated)))
    texts, anchored = _comments(annotated)
    sections = {anchored[i]: texts[i] for i in texts if anchored[i].startswith("（")}
    assert sections["（二）持续完善依法行政制度体系。"] == "负责科室：立法科\n来源：sections/02-制度体系.yaml"
    assert len(sections) == 7
    points = {anchored[i]: texts[i] for i in texts if anchored[i].startswith("二是")}
    assert points["二是充分发挥行政复议、人民调解作用。"] == "本要点由行政复议与应诉科负责"
    with zipfile.ZipFile(plain) as package:
        assert "word/comments.xml" not in package.namelist()


def test_annotate_marks_every_gap_with_last_years_text(tmp_path):
    next_year(EXAMPLE, tmp_path / "2022")
    draft = build(tmp_path / "2022", tmp_path / "draft.docx", annotate=True)
    texts, anchored = _comments(draft)
    gaps = [i for i in texts if anchored[i].startswith("【待填写")]
    assert len(gaps) >= 20
    assert any(texts[i].startswith("待填写：请填写今年的实际内容\n去年：突出地方立法特色。完成地方性法规") for i in gaps)
    assert any("去年：接下来，我局将继续" in texts[i] for i in gaps)  # the plans part shows last year's plans
    reviews = [i for i in texts if anchored[i] == "【待审核】"]
    assert len(reviews) == 2 and all(texts[i].startswith("待审核：") for i in reviews)


def test_exported_template_unchanged_gives_the_same_text(tmp_path):
    assert run("template", "export", tmp_path / "模板.docx").exit_code == 0
    assert run("template", "check", tmp_path / "模板.docx").exit_code == 0
    plain = build(EXAMPLE, tmp_path / "a.docx")
    custom = build(EXAMPLE, tmp_path / "b.docx", template=tmp_path / "模板.docx")
    assert body_texts(docx.Document(str(plain))) == body_texts(docx.Document(str(custom)))
    assert run("template", "export", tmp_path / "模板.docx").exit_code == 2  # never overwrites


def test_a_restyled_template_is_used(tmp_path):
    from docx.oxml.ns import qn

    run("template", "export", tmp_path / "模板.docx")
    template = docx.Document(str(tmp_path / "模板.docx"))
    template.styles["Heading 1"].element.rPr.rFonts.set(qn("w:eastAsia"), "方正黑体_GBK")
    template.save(str(tmp_path / "模板.docx"))  # saved by python-docx, as Word would re-save it
    result = run("build", EXAMPLE, "-o", tmp_path / "报告.docx", "--template", tmp_path / "模板.docx")
    assert result.exit_code == 0, result.output
    heading = docx.Document(str(tmp_path / "报告.docx")).styles["Heading 1"]
    assert heading.element.rPr.rFonts.get(qn("w:eastAsia")) == "方正黑体_GBK"


def test_a_template_missing_a_tag_or_a_style_is_refused_by_name(tmp_path):
    run("template", "export", tmp_path / "模板.docx")
    template = docx.Document(str(tmp_path / "模板.docx"))
    prototype = next(p for p in template.paragraphs if "p.style == 'heading2'" in p.text)
    prototype._p.getparent().remove(prototype._p)
    broken = next(p for p in template.paragraphs if "p.style == 'signature'" in p.text)
    broken.runs[0].text = broken.runs[0].text.replace("%}", "")
    styles = template.styles.element
    styles.remove(next(s for s in styles if s.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}styleId") == "TodoMark"))
    template.save(str(tmp_path / "坏模板.docx"))
    result = run("template", "check", tmp_path / "坏模板.docx")
    assert result.exit_code == 2
    assert "模板缺少标签“p.style == 'heading2'”（二级标题（（一））的段落）" in result.output
    assert "中的标签不完整" in result.output and "模板缺少样式“待填写”（TodoMark）" in result.output
    built = run("build", EXAMPLE, "-o", tmp_path / "x.docx", "--template", tmp_path / "坏模板.docx")
    assert built.exit_code == 2 and not (tmp_path / "x.docx").exists()
