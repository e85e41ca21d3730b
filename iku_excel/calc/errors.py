"""Why a formula could not give a number.

The formula functions never return a silent number for bad input and never let a
ZeroDivisionError or TypeError escape: they raise InvalidInput with a message in
Bahasa Indonesia that says what is wrong. The Excel layer (iku_excel.udf) turns
it into a cell text starting with "#", the engine into a finding.
"""


class InvalidInput(ValueError):
    """An input that makes the formula meaningless (penyebut 0, jawaban 5, ...)."""

    code = "tidak_valid"
    label = "TIDAK VALID"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class MissingValue(InvalidInput):
    """A required input is blank: there is no number yet, which is not an error
    of the formula but must still be said (DOMAIN.md §5: "no number; say why")."""

    code = "kosong"
    label = "KOSONG"
