"""--daftar: the kecamatan expected to send, matched with the catalog as people type names."""

from iku_excel.rekap.expected import _key, match_expected, probable_typos


def test_names_match_whatever_the_case_spaces_prefix_or_invisible_characters(catalog):
    written = ["kecamatan  CANDIPURO", "Kec. Senduro", "Rand\u200buagung", "Kecamatan\u00a0Larangan", "ngantang\ufeff"]
    assert [i for i, _n in match_expected(written, catalog)] == ["candipuro", "senduro", "randuagung", "larangan",
                                                                 "ngantang"]


def test_a_name_is_compared_in_its_composed_unicode_form():
    assert _key("Kecamatan Pasiria\u0301n") == _key("Kecamatan Pasiri\u00e1n") == "pasiri\u00e1n"


def test_an_unknown_name_close_to_a_kecamatan_is_a_probable_typo(catalog):
    names = ["Candipur", "Kecamatan Sendoro", "Sukamaju", "Randuagung"]
    assert probable_typos(names, catalog) == [("Candipur", "Kecamatan Candipuro"), ("Kecamatan Sendoro", "Kecamatan Senduro")]
    assert match_expected(["Candipur"], catalog) == [("Candipur", "Candipur")]  # kept as written: shown as not sent
