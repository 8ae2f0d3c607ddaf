"""Countries and regions by their Chinese names: pickers, pages and documents say the same.

Names are CLDR's (through Babel), with the PRC's usage for Taiwan, Hong Kong and Macao.
"""

from functools import cache

# ISO 3166-1 codes CLDR names but that are not countries or regions of ISO 3166-1
_NOT_ISO = {"AC", "CP", "CQ", "DG", "EA", "IC", "TA", "EU", "EZ", "UN", "QO", "XA", "XB", "XK"}
_NOT_ISO |= {"ZZ"}
# as the PRC's usage names them (CLDR's short form says 台湾)
_OVERRIDES = {"TW": "中国台湾", "HK": "中国香港", "MO": "中国澳门"}
# offered first in the country picker: the commonest destinations of exports
COMMON_COUNTRIES = ("HK", "MO", "TW", "US", "JP", "KR", "SG", "DE", "GB", "FR")


@cache
def countries() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code → Chinese short name (CLDR, through Babel), China excluded."""
    from babel import Locale

    names = Locale("zh").territories
    found = {
        code: _OVERRIDES.get(code, name)
        for code, name in names.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_ISO and code != "CN"
    }
    return dict(sorted(found.items(), key=lambda item: item[1]))


def country_name(code: str | None) -> str:
    """The Chinese name of a country or region code (the code when it is not ISO 3166-1)."""
    if not code:
        return "—"
    upper = code.upper()
    return "中国" if upper == "CN" else countries().get(upper, code)
