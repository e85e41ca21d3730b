"""The data-validation rules of the workbooks: what Excel lets staff type into each input, and
what it says when they type something else."""

from __future__ import annotations

import datetime as dt


def validate(ws, r1, c1, r2, c2, kind: str, tahun: int, *, options=(), minimum=None, maximum=None, name="") -> None:
    """One data-validation rule, by the kind of input (see registers.spec.Column.kind), with its
    message in Bahasa Indonesia. Kinds without a rule (text, formula) get none."""
    f = {"error_title": "Isian tidak sah", "input_title": name[:32] if name else ""}
    if kind == "whole" or kind == "answer":
        lo = 1 if kind == "answer" else (0 if minimum is None else minimum)
        hi = 4 if kind == "answer" else maximum
        v = {"validate": "integer", **f}
        if hi is None:
            v.update(criteria=">=", value=lo, error_message=f"Isi bilangan bulat {lo} atau lebih.")
        else:
            v.update(criteria="between", minimum=lo, maximum=hi, error_message=f"Isi bilangan bulat {lo} sampai {hi}.")
    elif kind == "decimal":
        lo = 0 if minimum is None else minimum
        v = {"validate": "decimal", **f}
        if maximum is None:
            v.update(criteria=">=", value=lo, error_message=f"Isi angka {lo} atau lebih (koma untuk desimal).")
        else:
            v.update(criteria="between", minimum=lo, maximum=maximum,
                     error_message=f"Isi angka {lo} sampai {str(maximum).replace('.', ',')}.")
    elif kind == "date":
        v = {"validate": "date", "criteria": "between", "minimum": dt.date(tahun - 2, 1, 1),
             "maximum": dt.date(tahun + 2, 12, 31), **f,
             "error_message": f"Isi tanggal antara 1/1/{tahun - 2} dan 31/12/{tahun + 2}."}
    elif kind == "list":
        source = f"={options}" if isinstance(options, str) else list(options)
        v = {"validate": "list", "source": source, **f, "error_message": "Pilih dari daftar."}
    elif kind == "target":
        # Error type "warning": a range target such as 80–90 can still be kept.
        v = {"validate": "decimal", "criteria": ">=", "value": 0, "error_type": "warning", **f,
             "error_message": "Target biasanya angka ≥ 0. Target rentang ditulis seperti 80–90; pilih Yes untuk menyimpannya."}
    else:
        return
    ws.data_validation(r1, c1, r2, c2, v)
