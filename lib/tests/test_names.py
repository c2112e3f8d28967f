from lib.names import name_key


def test_case_spacing_and_punctuation_do_not_matter():
    assert name_key("  Siti  Nurhaliza-Putri ") == name_key("SITI NURHALIZA PUTRI") == "siti nurhaliza putri"


def test_accents_are_dropped():
    assert name_key("Andrés Sétiawan") == "andres setiawan"


def test_different_names_stay_different():
    assert name_key("Budi Santoso") != name_key("Budi Santosa")


def test_a_name_of_punctuation_only_is_empty():
    assert name_key(" .- ") == ""
