"""Test vectors for the Excel functions, shared by the Python tests and the VBA-in-LibreOffice tests.

Each vector is (function, args). An argument is a number, a text, None (an
empty cell), D(y, m, d) (a date cell), or a list of rows (a block of cells).
"""

import datetime as dt


class D:
    def __init__(self, y, m, d):
        self.date = dt.datetime(y, m, d)

    def serial(self):
        return float((self.date - dt.datetime(1899, 12, 30)).days)


ANSWERS_2x9 = [[4, 3, 3, 3, 3, 3, 3, 3, 3], [3, 3, 3, 3, 3, 3, 3, 3, 3]]

VECTORS = [
    ("IKU_PERSEN", (42, 50)), ("IKU_PERSEN", (21, 25)), ("IKU_PERSEN", ("84,5", 100)), ("IKU_PERSEN", ("1.234,5", 2000)),
    ("IKU_PERSEN", ("84.5", 100)), ("IKU_PERSEN", ("84,5%", 100)), ("IKU_PERSEN", (0, 0)), ("IKU_PERSEN", (None, 10)),
    ("IKU_PERSEN", (11, 10)), ("IKU_PERSEN", (-1, 10)), ("IKU_PERSEN", ("abc", 10)), ("IKU_PERSEN", (5, None)),
    ("IKU_PERSEN", ("#KOSONG: dari sel lain", 10)), ("IKU_PERSEN", (1, 3)),
    ("IKU_RATA_DOKUMEN", (8, 9, 7, 10)), ("IKU_RATA_DOKUMEN", (11, 9, 7, 10)), ("IKU_RATA_DOKUMEN", (0, 0, 0, 0)),
    ("IKU_RATA_DOKUMEN", (8.5, 9, 7, 10)), ("IKU_RATA_DOKUMEN", (None, 9, 7, 10)), ("IKU_RATA_DOKUMEN", (8, 9, 7, None)),
    ("IKU_RATA_DOKUMEN", (10, 10, 9, 12)),
    ("IKU_TEPAT_WAKTU", ("RKPDes", D(2024, 9, 29), 2025)), ("IKU_TEPAT_WAKTU", ("RKPDes", D(2024, 9, 30), 2025)),
    ("IKU_TEPAT_WAKTU", ("RKPDes", D(2024, 10, 1), 2025)), ("IKU_TEPAT_WAKTU", ("APBDes", D(2024, 12, 31), 2025)),
    ("IKU_TEPAT_WAKTU", ("APBDes", D(2025, 1, 1), 2025)), ("IKU_TEPAT_WAKTU", ("LPPDes", D(2026, 3, 31), 2025)),
    ("IKU_TEPAT_WAKTU", ("LPPDes", D(2026, 4, 1), 2025)), ("IKU_TEPAT_WAKTU", ("RKPDes", "30/09/2024", 2025)),
    ("IKU_TEPAT_WAKTU", ("APBDes", "2025-01-01", 2025)), ("IKU_TEPAT_WAKTU", ("LPPDes", None, 2025)),
    ("IKU_TEPAT_WAKTU", ("RPJMDes", D(2024, 1, 1), 2025)), ("IKU_TEPAT_WAKTU", ("RKPDes", "31/02/2024", 2025)),
    ("IKU_TEPAT_WAKTU", ("RKPDes", 45565, 2025)), ("IKU_TEPAT_WAKTU", ("rkpdesa", D(2024, 9, 30), 2025)),
    ("IKU_TEPAT_WAKTU", ("RKPDes", D(2024, 9, 30), 1800)), ("IKU_TEPAT_WAKTU", ("RKPDes", "kemarin", 2025)),
    ("IKU_TEPAT_WAKTU", ("RKPDes", 12, 2025)),
    ("IKU_PERTUMBUHAN", (165, 150)), ("IKU_PERTUMBUHAN", (120, 150)), ("IKU_PERTUMBUHAN", (10, 0)),
    ("IKU_PERTUMBUHAN", (None, 5)), ("IKU_PERTUMBUHAN", (7, 3)),
    ("IKU_KEHADIRAN", (20, 247, 50)), ("IKU_KEHADIRAN", (3, 240, [[2], [None], [4]])),
    ("IKU_KEHADIRAN", (2, 240, [[241], [0]])), ("IKU_KEHADIRAN", (2, 240, [[-1], [0]])),
    ("IKU_KEHADIRAN", (1, 240, [[1], [2]])), ("IKU_KEHADIRAN", (0, 240, 0)), ("IKU_KEHADIRAN", (2.5, 240, 0)),
    ("IKU_KEHADIRAN", (18, 61, [[1], [0], [2], ["tiga"]])),
    # two error cells in a block: the first row by row (#A), as Python reads it, not column by column (#B)
    ("IKU_KEHADIRAN", (2, 240, [[1, "#A: baris satu"], ["#B: baris dua", 2]])),
    ("IKU_KEHADIRAN", (2, 240, [[1, "tiga"], ["empat", 2]])),
    ("IKU_CAPAIAN", (88.46, 84)), ("IKU_CAPAIAN", (6.5, 7, "turun")), ("IKU_CAPAIAN", (9, 8, "turun")),
    ("IKU_CAPAIAN", (7, 7, "turun")), ("IKU_CAPAIAN", (70, "80–90")), ("IKU_CAPAIAN", (85, "80-90")),
    ("IKU_CAPAIAN", (95, "80 s.d. 90")), ("IKU_CAPAIAN", (95, "80–90", "turun")), ("IKU_CAPAIAN", (95, "80 s/d 90")),
    ("IKU_CAPAIAN", (2.5, "2,5")), ("IKU_CAPAIAN", (300, 100)), ("IKU_CAPAIAN", (5, 0)), ("IKU_CAPAIAN", (5, None)),
    ("IKU_CAPAIAN", (None, 80)), ("IKU_CAPAIAN", (5, 5, "ke samping")), ("IKU_CAPAIAN", (5, "90–80")),
    ("IKU_CAPAIAN", ("84,5", "80")), ("IKU_CAPAIAN", (100, 87.275)), ("IKU_CAPAIAN", (50, 300, "turun")),
    ("IKU_CAPAIAN", ("#TIDAK VALID: dari sel lain", 80)), ("IKU_CAPAIAN", (5, "lima")),
    ("IKU_PREDIKAT", (91,)), ("IKU_PREDIKAT", (90.99,)), ("IKU_PREDIKAT", (76,)), ("IKU_PREDIKAT", (75.99,)),
    ("IKU_PREDIKAT", (66,)), ("IKU_PREDIKAT", (65.99,)), ("IKU_PREDIKAT", (51,)), ("IKU_PREDIKAT", (50.99,)),
    ("IKU_PREDIKAT", (0,)), ("IKU_PREDIKAT", (150,)), ("IKU_PREDIKAT", (90.995,)), ("IKU_PREDIKAT", (None,)),
    ("IKU_PREDIKAT", ("abc",)), ("IKU_PREDIKAT", ("91,0",)),
    ("IKM_NRR", ([[4], [3], [None], [5], [3]],)), ("IKM_NRR", ([[None], [None]],)), ("IKM_NRR", ([[4], ["x"], [2]],)),
    ("IKM_NILAI", (ANSWERS_2x9,)), ("IKM_NILAI", ([[3] * 8 + ["#A: baris satu"], ["#B: baris dua"] + [3] * 8],)),
    ("IKM_NILAI", ([[4] * 9, [None, 5, 4, 4, 4, 4, 4, 4, "x"]],)),
    ("IKM_NILAI", ([[3] * 9, [None] * 9],)), ("IKM_NILAI", ([[3] * 8],)), ("IKM_NILAI", ([[None] * 9],)),
    ("IKM_NILAI", ([[3] * 8 + [None], [4] * 8 + [0]],)),
    ("IKM_NILAI", ([[3, 3, 4, 4, 3, 3, 3, 4, 3], [4, 3, 3, 4, 4, 3, 4, 4, 3], [3, 4, 4, 4, 3, 4, 3, 4, 4]],)),
    ("IKM_MUTU", (88.31,)), ("IKM_MUTU", (88.30,)), ("IKM_MUTU", (76.61,)), ("IKM_MUTU", (76.60,)), ("IKM_MUTU", (65,)),
    ("IKM_MUTU", (64.99,)), ("IKM_MUTU", (100,)), ("IKM_MUTU", (25,)), ("IKM_MUTU", (88.305,)), ("IKM_MUTU", (88.304,)),
    ("IKM_MUTU", (101,)), ("IKM_MUTU", (10,)), ("IKM_MUTU", (None,)), ("IKM_MUTU", ("sangat baik",)),
    ("IKM_KINERJA", (88.31,)), ("IKM_KINERJA", (76.61,)), ("IKM_KINERJA", (65,)), ("IKM_KINERJA", (64.99,)),
    ("IKM_KINERJA", (None,)),
    ("IKM_SAMPEL_MINIMUM", (100,)), ("IKM_SAMPEL_MINIMUM", (1000,)), ("IKM_SAMPEL_MINIMUM", (10000,)),
    ("IKM_SAMPEL_MINIMUM", (1000000,)), ("IKM_SAMPEL_MINIMUM", (100000,)), ("IKM_SAMPEL_MINIMUM", (10,)),
    ("IKM_SAMPEL_MINIMUM", (5,)), ("IKM_SAMPEL_MINIMUM", (105,)), ("IKM_SAMPEL_MINIMUM", (75001,)),
    ("IKM_SAMPEL_MINIMUM", (0,)), ("IKM_SAMPEL_MINIMUM", (2.5,)), ("IKM_SAMPEL_MINIMUM", (None,)),
    ("IKM_SAMPEL_MINIMUM", (-3,)), ("IKM_SAMPEL_MINIMUM", ("1.000",)),
    ("IDM_STATUS", (0.4907,)), ("IDM_STATUS", (0.4908,)), ("IDM_STATUS", (0.5989,)), ("IDM_STATUS", (0.599,)),
    ("IDM_STATUS", (0.7072,)), ("IDM_STATUS", (0.7073,)), ("IDM_STATUS", (0.8155,)), ("IDM_STATUS", (0.8156,)),
    ("IDM_STATUS", (0.2,)), ("IDM_STATUS", (1.5,)), ("IDM_STATUS", (None,)), ("IDM_STATUS", ("0,85",)),
]


def python_argument(arg):
    """What xlwings hands the Python function for this cell content."""
    if isinstance(arg, D):
        return arg.date
    if isinstance(arg, list):
        return [[python_argument(v) for v in row] for row in arg]
    if isinstance(arg, int) and not isinstance(arg, bool):
        return float(arg)
    return arg
