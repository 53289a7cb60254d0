"""The LibreOffice user profile each PDF run gets: a Basic macro that converts like Word.

LibreOffice's DOCX import drops two settings Word honours (read in its
source; measured in PDFs): `w:autoSpaceDE/DN="0"` (both are a bare `break`,
so digits and Latin letters next to Chinese get about a quarter em more:
"2022 年 2 月 7 日", and a right-placed date ends a character off) and
`w:hint="eastAsia"` (· — … fall to the Latin face).  Its ODF path honours the
first, so the macro sets the same property (ParaIsCharacterDistance) on every
paragraph style, gives those marks the East Asian face of their text, and
exports the PDF: every document of a run in one LibreOffice start.

The profile is marked as set up (ooSetupInstCompleted), or LibreOffice's first
start would overwrite the macro library with its presets; and as last used by a
version no release reaches (ooSetupLastVersion), or every start would take the
profile for one just upgraded and first run its graphics self-tests: drawing on
4096-pixel canvases, about 1 s of each start (measured, LibreOffice 7.4), though
nothing is ever shown.
"""

from __future__ import annotations

from pathlib import Path

from ..ooxml.ns import xml_escape

MACRO = "macro:///Standard.Drafter.Convert"
# · — …, the marks LibreOffice 7.4 draws in the Latin face (ICU escapes keep the Basic source
# ASCII).  Quotes “ ” ‘ ’ it already draws in the East Asian face, and giving them that face as
# their Latin one too made it set lines a character short (measured).
_EAST_ASIAN_MARKS = r"[\u00B7\u2014\u2026]"

# Each line of the job file: source URL, target URL, 1 for PDF/A-2b.  A document that fails to
# load or export is skipped (the caller finds its PDF missing); the office always quits.
BASIC = f"""
Sub Convert(jobUrl As String)
    On Error Resume Next
    Dim n As Integer, entry As String, fields
    n = FreeFile()
    Open ConvertFromURL(jobUrl) For Input As #n
    Do While Not EOF(n)
        Line Input #n, entry
        If Len(entry) > 0 Then
            fields = Split(entry, Chr(9))
            ConvertOne(fields(0), fields(1), fields(2) = "1")
        End If
    Loop
    Close #n
    StarDesktop.terminate()
End Sub

Sub ConvertOne(source As String, target As String, archive As Boolean)
    Dim doc As Object
    On Error GoTo Failed
    Dim load(0) As New com.sun.star.beans.PropertyValue
    load(0).Name = "Hidden" : load(0).Value = True
    doc = StarDesktop.loadComponentFromURL(source, "_blank", 0, load())
    Dim styles As Object, i As Long
    styles = doc.StyleFamilies.getByName("ParagraphStyles")
    For i = 0 To styles.Count - 1
        styles.getByIndex(i).ParaIsCharacterDistance = False
    Next i
    Dim search As Object, found As Object, mark As Object
    search = doc.createSearchDescriptor()
    search.SearchRegularExpression = True
    search.SearchString = "{_EAST_ASIAN_MARKS}"
    found = doc.findAll(search)
    For i = 0 To found.Count - 1
        mark = found.getByIndex(i)
        mark.CharFontName = mark.CharFontNameAsian
    Next i
    Dim options(0) As New com.sun.star.beans.PropertyValue
    options(0).Name = "SelectPdfVersion" : options(0).Value = IIf(archive, 2, 0)
    Dim store(1) As New com.sun.star.beans.PropertyValue
    store(0).Name = "FilterName" : store(0).Value = "writer_pdf_Export"
    store(1).Name = "FilterData" : store(1).Value = options()
    doc.storeToURL(target, store())
    doc.close(True)
    Exit Sub
Failed:
    If Not IsNull(doc) Then doc.close(True)
End Sub
"""

_DOCTYPE = '<!DOCTYPE {0} PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "{1}.dtd">\n'
_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
_LIBRARY = 'xmlns:library="http://openoffice.org/2000/library"'


def _libraries(kind: str) -> str:
    return (f'{_HEAD}{_DOCTYPE.format("library:libraries", "libraries")}<library:libraries {_LIBRARY} '
            'xmlns:xlink="http://www.w3.org/1999/xlink"><library:library library:name="Standard" '
            f'xlink:href="$(USER)/basic/Standard/{kind}.xlb/" xlink:type="simple" library:link="false"/></library:libraries>\n')


def _library(elements: str) -> str:
    return (f'{_HEAD}{_DOCTYPE.format("library:library", "library")}<library:library {_LIBRARY} library:name="Standard" '
            f'library:readonly="false" library:passwordprotected="false">{elements}</library:library>\n')


FILES = {
    "user/registrymodifications.xcu": (
        f'{_HEAD}<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><item oor:path="/org.openoffice.Setup/Office">'
        '<prop oor:name="ooSetupInstCompleted" oor:op="fuse"><value>true</value></prop></item>'
        '<item oor:path="/org.openoffice.Setup/Product">'
        '<prop oor:name="ooSetupLastVersion" oor:op="fuse"><value>99.9</value></prop></item></oor:items>\n'),
    "user/basic/script.xlc": _libraries("script"),
    "user/basic/dialog.xlc": _libraries("dialog"),
    "user/basic/Standard/script.xlb": _library('<library:element library:name="Drafter"/>'),
    "user/basic/Standard/dialog.xlb": _library(""),
    "user/basic/Standard/Drafter.xba": (
        f'{_HEAD}{_DOCTYPE.format("script:module", "module")}<script:module xmlns:script="http://openoffice.org/2000/script" '
        f'script:name="Drafter" script:language="StarBasic">{xml_escape(BASIC)}</script:module>\n'),
}


def write_profile(folder: Path) -> None:
    """A fresh LibreOffice user profile in `folder`, holding the conversion macro."""
    for name, text in FILES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def macro_call(jobs: list[tuple[Path, Path]], archive: bool, job_file: Path) -> str:
    """The command-line argument that makes LibreOffice convert each (source, PDF) pair."""
    flag = "1" if archive else "0"
    job_file.write_text("".join(f"{source.as_uri()}\t{target.as_uri()}\t{flag}\n" for source, target in jobs),
                        encoding="ascii")
    return f'{MACRO}("{job_file.as_uri()}")'
