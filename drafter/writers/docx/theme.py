"""The theme part (word/theme/theme1.xml) every Word document carries.

drafter's styles name their faces directly and never refer to theme fonts or
colours; the theme is there because Word expects one (ECMA-376 Part 1 §14.2.7,
and Word's own files always carry it), so its fonts merely repeat the body's.
"""

from __future__ import annotations

from ...ooxml.ns import XML_HEAD, xml_escape

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
THEME_PART = "word/theme/theme1.xml"
THEME_TYPE = "application/vnd.openxmlformats-officedocument.theme+xml"

# Word 2013's standard palette: only used if someone picks a theme colour in Word.
_COLOURS = (("dk2", "44546A"), ("lt2", "E7E6E6"), ("accent1", "5B9BD5"), ("accent2", "ED7D31"),
            ("accent3", "A5A5A5"), ("accent4", "FFC000"), ("accent5", "4472C4"), ("accent6", "70AD47"),
            ("hlink", "0563C1"), ("folHlink", "954F72"))


def _font_set(tag: str, latin: str, east_asian: str) -> str:
    return (f'<a:{tag}><a:latin typeface="{xml_escape(latin)}"/><a:ea typeface="{xml_escape(east_asian)}"/>'
            f'<a:cs typeface="{xml_escape(latin)}"/></a:{tag}>')


def theme_xml(latin: str, body_face: str, heading_face: str) -> str:
    fill = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    line = f'<a:ln w="6350">{fill}</a:ln>'
    effect = "<a:effectStyle><a:effectLst/></a:effectStyle>"
    colours = "".join(f'<a:{name}><a:srgbClr val="{value}"/></a:{name}>' for name, value in _COLOURS)
    return (
        f'{XML_HEAD}<a:theme xmlns:a="{A}" name="GB/T 9704"><a:themeElements>'
        '<a:clrScheme name="GB/T 9704">'
        '<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>'
        '<a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>'
        f"{colours}</a:clrScheme>"
        f'<a:fontScheme name="GB/T 9704">{_font_set("majorFont", latin, heading_face)}'
        f'{_font_set("minorFont", latin, body_face)}</a:fontScheme>'
        '<a:fmtScheme name="GB/T 9704">'
        f"<a:fillStyleLst>{fill * 3}</a:fillStyleLst>"
        f"<a:lnStyleLst>{line * 3}</a:lnStyleLst>"
        f"<a:effectStyleLst>{effect * 3}</a:effectStyleLst>"
        f"<a:bgFillStyleLst>{fill * 3}</a:bgFillStyleLst>"
        "</a:fmtScheme></a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"
    )
