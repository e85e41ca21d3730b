Attribute VB_Name = "IKU_Fungsi"
' iku-excel: the functions of iku_excel.udf in VBA, for offices where Python
' cannot be installed. Same names, same arguments, same results, same messages
' as the Python functions; the project's tests run both on the same vectors
' (the VBA through LibreOffice's VBA support) and compare every result.
'
' The .xlsm templates (iku-excel templat) already carry this module: nothing to
' import. For another workbook: Alt+F11 > File > Import File > IKU_Fungsi.bas,
' then save as .xlsm. Only the 13 worksheet functions are Public.
' Rules: see the README of iku-excel and its DOMAIN reference (PermenPANRB
' 14/2017 for IKM, Permendesa PDTT 2/2016 for IDM, SAKIP practice for
' capaian and predikat). A function never raises: when it cannot give a
' number it returns a text starting with "#" that says why.
' The band tables and the sample-size table are generated from iku-excel's
' own data (bands.yaml, calc/ikm.py); edit those, not this file.
Option Explicit

' ---- small helpers -------------------------------------------------------------------------

Private Function EnDash() As String
    EnDash = ChrW(8211)
End Function

Private Function Kosong(ByVal message As String) As String
    Kosong = "#KOSONG: " & message
End Function

Private Function TidakValid(ByVal message As String) As String
    TidakValid = "#TIDAK VALID: " & message
End Function

Private Function RangeValue(ByVal o As Object) As Variant
    ' The only member access in this module. LibreOffice's VBA mode fails a whole
    ' procedure that mentions v.Value when v holds a plain number, even if that line
    ' never runs; keeping the access here, for objects only, avoids it.
    RangeValue = o.Value
End Function

Private Function Plain(ByVal v As Variant) As Variant
    ' A range arrives as a Range object: its value (a scalar, or a 2-D array for a block).
    If IsObject(v) Then
        Plain = RangeValue(v)
    Else
        Plain = v
    End If
End Function

Private Function Unwrap(ByVal v As Variant) As Variant
    ' One value: a one-cell range or a 1x1 array is its value.
    Dim x As Variant
    x = Plain(v)
    If IsArray(x) Then
        If ArrayCount(x) = 1 Then
            Unwrap = FirstOf(x)
            Exit Function
        End If
    End If
    Unwrap = x
End Function

Private Function Dims(ByVal a As Variant) As Integer
    Dim n As Integer, b As Long
    On Error GoTo Done
    n = 0
    Do
        b = UBound(a, n + 1)
        n = n + 1
    Loop
Done:
    Dims = n
End Function

Private Function ArrayCount(ByVal a As Variant) As Long
    If Dims(a) = 2 Then
        ArrayCount = (UBound(a, 1) - LBound(a, 1) + 1) * (UBound(a, 2) - LBound(a, 2) + 1)
    Else
        ArrayCount = UBound(a) - LBound(a) + 1
    End If
End Function

Private Function FirstOf(ByVal a As Variant) As Variant
    If Dims(a) = 2 Then
        FirstOf = a(LBound(a, 1), LBound(a, 2))
    Else
        FirstOf = a(LBound(a))
    End If
End Function

Private Function ErrorText(ByVal v As Variant) As String
    ' An Excel error value, or a "#..." text from another function, anywhere in an
    ' argument: passed on unchanged, as Excel propagates #DIV/0!.
    Dim x As Variant, item As Variant, found As String
    x = Plain(v)
    ErrorText = ""
    If IsArray(x) Then
        For Each item In RowMajor(x)
            found = ScalarErrorText(item)
            If found <> "" Then
                ErrorText = found
                Exit Function
            End If
        Next
    Else
        ErrorText = ScalarErrorText(x)
    End If
End Function

Private Function RowMajor(ByVal a As Variant) As Variant
    ' A block's values row by row, the order the Python functions read it in: For Each over a
    ' 2-D array goes column by column, and would name another error cell first.
    Dim out() As Variant, r As Long, c As Long, i As Long
    If Not IsArray(a) Then
        RowMajor = Array(a)
        Exit Function
    End If
    If Dims(a) <> 2 Then
        RowMajor = a
        Exit Function
    End If
    ReDim out(0 To (UBound(a, 1) - LBound(a, 1) + 1) * (UBound(a, 2) - LBound(a, 2) + 1) - 1)
    i = 0
    For r = LBound(a, 1) To UBound(a, 1)
        For c = LBound(a, 2) To UBound(a, 2)
            out(i) = a(r, c)
            i = i + 1
        Next
    Next
    RowMajor = out
End Function

Private Function ScalarErrorText(ByVal v As Variant) As String
    ScalarErrorText = ""
    If IsError(v) Then
        Select Case CLng(v)
            Case 2007: ScalarErrorText = "#DIV/0!"
            Case 2042: ScalarErrorText = "#N/A"
            Case 2029: ScalarErrorText = "#NAME?"
            Case 2000: ScalarErrorText = "#NULL!"
            Case 2036: ScalarErrorText = "#NUM!"
            Case 2023: ScalarErrorText = "#REF!"
            Case Else: ScalarErrorText = "#VALUE!"
        End Select
    ElseIf VarType(v) = vbString Then
        If Left(v, 1) = "#" Then ScalarErrorText = v
    End If
End Function

Private Function IsBlankValue(ByVal v As Variant) As Boolean
    If IsEmpty(v) Or IsNull(v) Then
        IsBlankValue = True
    ElseIf VarType(v) = vbString Then
        IsBlankValue = (StripSpaces(v) = "")
    Else
        IsBlankValue = False
    End If
End Function

Private Function StripSpaces(ByVal s As String) As String
    Dim i As Long, c As String, out As String
    out = ""
    For i = 1 To Len(s)
        c = Mid(s, i, 1)
        Select Case AscW(c)
            Case 9, 10, 11, 12, 13, 32, 160, 8239, 8199, 8200, 8201, 8202, 8192 To 8198, 12288, 133, 5760
            Case Else: out = out & c
        End Select
    Next
    StripSpaces = out
End Function

Private Function IsDigit(ByVal c As String) As Boolean
    IsDigit = (Len(c) = 1 And c >= "0" And c <= "9")
End Function

' Round half away from zero on the decimal digits, as Excel's ROUND and the Python
' library do. Python rounds the shortest decimal that reads back as the value
' (repr), so the rule is: up when the value is at or above the double nearest to
' the half-way decimal (2r+1)/(2*10^digits); 2.675 goes up, 105.62499999999999 down.
Private Function RoundHalfUp(ByVal x As Double, ByVal digits As Integer) As Double
    Dim scale As Double, r As Double, halfway As Double
    scale = 10 ^ digits
    r = Int(Abs(x) * scale)
    halfway = (2 * r + 1) / (2 * scale)
    If Abs(x) >= halfway Then r = r + 1
    If x < 0 Then r = -r
    RoundHalfUp = r / scale
End Function

Private Function WholeText(ByVal n As Double) As String
    ' A whole number with "." between thousands: 1234567 -> 1.234.567
    Dim s As String, out As String, i As Long, k As Long
    s = CStr(Int(Abs(n) + 0.5))
    out = ""
    k = 0
    For i = Len(s) To 1 Step -1
        out = Mid(s, i, 1) & out
        k = k + 1
        If k Mod 3 = 0 And i > 1 Then out = "." & out
    Next
    WholeText = out
End Function

' Indonesian notation for messages: 1234.5 -> "1.234,5"; 84 -> "84".
Private Function FormatNumberID(ByVal value As Double, Optional ByVal digits As Integer = 2) As String
    Dim rounded As Double, whole As Double, frac As Double, fracText As String, sign As String
    rounded = RoundHalfUp(value, digits)
    sign = ""
    If rounded < 0 Then sign = "-"
    whole = Int(Abs(rounded))
    frac = RoundHalfUp(Abs(rounded) - whole, digits)
    If frac >= 1 Then
        whole = whole + 1
        frac = 0
    End If
    If frac = 0 Then
        FormatNumberID = sign & WholeText(whole)
        Exit Function
    End If
    fracText = CStr(Int(frac * 10 ^ digits + 0.5))
    Do While Len(fracText) < digits
        fracText = "0" & fracText
    Loop
    Do While Right(fracText, 1) = "0"
        fracText = Left(fracText, Len(fracText) - 1)
    Loop
    FormatNumberID = sign & WholeText(whole) & "," & fracText
End Function

Private Function ShownValue(ByVal v As Variant) As String
    ' How the Python messages show a value they quote ("{value}").
    If VarType(v) = vbBoolean Then
        If v Then ShownValue = "True" Else ShownValue = "False"
    ElseIf IsNumeric(v) And VarType(v) <> vbString Then
        ShownValue = CStr(v)
    Else
        ShownValue = CStr(v)
    End If
End Function

' ---- numbers as Indonesian users type them ----------------------------------------------------

Private Function GroupedNumber(ByVal s As String, ByVal groupSep As String, ByVal decSep As String, ByRef result As Double) As Boolean
    ' ^\d{1,3}(G\d{3})*(D\d+)?$ or ^\d+(D\d+)?$, G and D the group and decimal separators.
    Dim intPart As String, decPart As String, p As Long, groups As Variant, i As Long, digitsOnly As String
    GroupedNumber = False
    p = InStr(s, decSep)
    If p > 0 Then
        intPart = Left(s, p - 1)
        decPart = Mid(s, p + 1)
        If decPart = "" Or Not AllDigits(decPart) Then Exit Function
    Else
        intPart = s
        decPart = ""
    End If
    If intPart = "" Then Exit Function
    If InStr(intPart, groupSep) > 0 Then
        groups = Split(intPart, groupSep)
        If Len(groups(0)) < 1 Or Len(groups(0)) > 3 Or Not AllDigits(groups(0)) Then Exit Function
        digitsOnly = groups(0)
        For i = 1 To UBound(groups)
            If Len(groups(i)) <> 3 Or Not AllDigits(groups(i)) Then Exit Function
            digitsOnly = digitsOnly & groups(i)
        Next
    Else
        If Not AllDigits(intPart) Then Exit Function
        digitsOnly = intPart
    End If
    result = DigitsValue(digitsOnly, decPart)
    GroupedNumber = True
End Function

Private Function AllDigits(ByVal s As String) As Boolean
    Dim i As Long
    AllDigits = (Len(s) > 0)
    For i = 1 To Len(s)
        If Not IsDigit(Mid(s, i, 1)) Then
            AllDigits = False
            Exit Function
        End If
    Next
End Function

Private Function DigitsValue(ByVal intDigits As String, ByVal decDigits As String) As Double
    ' Exact decimal reading, independent of the machine's locale (CDbl is not).
    ' all digits as one whole number, then one division: the nearest double, as float("84.5")
    DigitsValue = WholeDigits(intDigits & decDigits) / (10 ^ Len(decDigits))
End Function

Private Function WholeDigits(ByVal s As String) As Double
    Dim v As Double, i As Long
    v = 0
    For i = 1 To Len(s)
        v = v * 10 + (AscW(Mid(s, i, 1)) - 48)
    Next
    WholeDigits = v
End Function

' Reads one number. Returns "" and sets number/blank, or returns the error message.
Private Function ReadNumber(ByVal v As Variant, ByVal what As String, ByRef number As Double, ByRef blank As Boolean) As String
    Dim text As String, sign As Double, c As String, parsed As Double
    ReadNumber = ""
    blank = False
    If VarType(v) = vbBoolean Then
        ReadNumber = what & " berisi nilai logika (" & ShownValue(v) & "), bukan angka"
        Exit Function
    End If
    If VarType(v) = vbDate Then
        ReadNumber = what & " berisi tanggal, bukan angka"
        Exit Function
    End If
    If IsBlankValue(v) Then
        blank = True
        Exit Function
    End If
    If VarType(v) <> vbString Then
        number = CDbl(v)
        Exit Function
    End If
    text = StripSpaces(v)
    If Right(text, 1) = "%" Then text = Left(text, Len(text) - 1)
    sign = 1
    c = Left(text, 1)
    If c = "-" Or c = ChrW(8722) Then
        sign = -1
        text = Mid(text, 2)
    ElseIf c = "+" Then
        text = Mid(text, 2)
    End If
    If text = "" Then
        ReadNumber = what & " '" & v & "' bukan angka"
        Exit Function
    End If
    If Not IsDigit(Left(text, 1)) Then
        ReadNumber = what & " '" & v & "' bukan angka"
        Exit Function
    End If
    If GroupedNumber(text, ".", ",", parsed) Then
        number = sign * parsed
    ElseIf GroupedNumber(text, ",", ".", parsed) Then
        number = sign * parsed
    Else
        ReadNumber = what & " '" & v & "' bukan angka"
    End If
End Function

' A number that must be there (blank: #KOSONG), not below minimum, optionally whole.
Private Function RequireNumber(ByVal v As Variant, ByVal what As String, ByRef number As Double, _
                               Optional ByVal minimum As Variant, Optional ByVal whole As Boolean = False) As String
    Dim blank As Boolean, message As String
    message = ReadNumber(v, what, number, blank)
    If message <> "" Then
        RequireNumber = TidakValid(message)
        Exit Function
    End If
    If blank Then
        RequireNumber = Kosong(what & " belum diisi")
        Exit Function
    End If
    If IsMissing(minimum) Then minimum = 0
    If Not IsNull(minimum) Then
        If number < minimum Then
            RequireNumber = TidakValid(what & " tidak boleh kurang dari " & FormatNumberID(minimum) & _
                                       " (tertulis " & FormatNumberID(number) & ")")
            Exit Function
        End If
    End If
    If whole And number <> Int(number) Then
        RequireNumber = TidakValid(what & " harus bilangan bulat (tertulis " & FormatNumberID(number) & ")")
        Exit Function
    End If
    RequireNumber = ""
End Function

' A target: a number, or a range "80-90", "80 - 90", "80 s.d. 90", "80 s/d 90", "80 sampai 90".
Private Function ReadTarget(ByVal v As Variant, ByRef low As Double, ByRef high As Double, ByRef blank As Boolean) As String
    Dim text As String, i As Long, a As String, b As String, rest As String, message As String, ignored As Boolean
    ReadTarget = ""
    blank = False
    If VarType(v) = vbString And Not IsBlankValue(v) Then
        text = Trim(v)
        If SplitRange(text, a, b) Then
            message = ReadNumber(a, "target", low, ignored)
            If message <> "" Then
                ReadTarget = message
                Exit Function
            End If
            message = ReadNumber(b, "target", high, ignored)
            If message <> "" Then
                ReadTarget = message
                Exit Function
            End If
            If low > high Then
                ReadTarget = "rentang target '" & v & "' terbalik: batas bawah lebih besar dari batas atas"
            End If
            Exit Function
        End If
    End If
    ReadTarget = ReadNumber(v, "target", low, blank)
    high = low
End Function

Private Function NumberText(ByVal s As String, ByRef pos As Long) As String
    ' \d[\d.,]* starting at pos; advances pos.
    Dim start As Long
    start = pos
    If pos > Len(s) Then Exit Function
    If Not IsDigit(Mid(s, pos, 1)) Then Exit Function
    Do While pos <= Len(s)
        Dim c As String
        c = Mid(s, pos, 1)
        If IsDigit(c) Or c = "." Or c = "," Then pos = pos + 1 Else Exit Do
    Loop
    NumberText = Mid(s, start, pos - start)
End Function

Private Sub SkipSpaces(ByVal s As String, ByRef pos As Long)
    Do While pos <= Len(s)
        If Mid(s, pos, 1) = " " Or AscW(Mid(s, pos, 1)) = 160 Or AscW(Mid(s, pos, 1)) = 9 Then pos = pos + 1 Else Exit Do
    Loop
End Sub

Private Function SplitRange(ByVal s As String, ByRef a As String, ByRef b As String) As Boolean
    Dim pos As Long, low As String, c As String, matched As Boolean, lower As String, k As Long
    SplitRange = False
    pos = 1
    a = NumberText(s, pos)
    If a = "" Then Exit Function
    SkipSpaces s, pos
    If Mid(s, pos, 1) = "%" Then pos = pos + 1
    SkipSpaces s, pos
    lower = LCase(Mid(s, pos))
    matched = False
    c = Mid(s, pos, 1)
    If c = ChrW(8211) Or c = ChrW(8212) Or c = "-" Then
        pos = pos + 1
        matched = True
    ElseIf Left(lower, 3) = "s/d" Then
        pos = pos + 3
        matched = True
    ElseIf Left(lower, 6) = "sampai" Then
        pos = pos + 6
        k = pos
        SkipSpaces s, k
        If LCase(Mid(s, k, 6)) = "dengan" And k > pos Then pos = k + 6
        matched = True
    ElseIf Left(lower, 1) = "s" Then
        ' s\.?\s?d\.?
        k = pos + 1
        If Mid(s, k, 1) = "." Then k = k + 1
        If Mid(s, k, 1) = " " Then k = k + 1
        If LCase(Mid(s, k, 1)) = "d" Then
            k = k + 1
            If Mid(s, k, 1) = "." Then k = k + 1
            pos = k
            matched = True
        End If
    End If
    If Not matched Then Exit Function
    SkipSpaces s, pos
    b = NumberText(s, pos)
    If b = "" Then Exit Function
    SkipSpaces s, pos
    If Mid(s, pos, 1) = "%" Then pos = pos + 1
    SplitRange = (pos > Len(s))
End Function

' One numeric argument: unwrap it, pass on an error value, read the number. Returns the
' cell text to show ("#..."), or "" with value set.
Private Function OneNumber(ByVal arg As Variant, ByVal what As String, ByVal blankMessage As String, _
                           ByRef value As Double) As String
    Dim v As Variant, blank As Boolean, m As String
    v = Unwrap(arg)
    m = ErrorText(v)
    If m = "" Then
        m = ReadNumber(v, what, value, blank)
        If m <> "" Then
            m = TidakValid(m)
        ElseIf blank Then
            m = Kosong(blankMessage)
        End If
    End If
    OneNumber = m
End Function

'@@ GENERATED @@

' ---- the functions ------------------------------------------------------------------------------

Public Function IKU_PERSEN(pembilang As Variant, penyebut As Variant) As Variant
    On Error GoTo Fail
    Dim p As Variant, q As Variant, num As Double, den As Double, m As String
    p = Unwrap(pembilang): q = Unwrap(penyebut)
    m = ErrorText(p): If m = "" Then m = ErrorText(q)
    If m <> "" Then IKU_PERSEN = m: Exit Function
    m = RequireNumber(p, "pembilang", num): If m <> "" Then IKU_PERSEN = m: Exit Function
    m = RequireNumber(q, "penyebut", den): If m <> "" Then IKU_PERSEN = m: Exit Function
    If den = 0 Then IKU_PERSEN = TidakValid("penyebut bernilai 0: persentase tidak dapat dihitung"): Exit Function
    If num > den Then
        IKU_PERSEN = TidakValid("pembilang (" & FormatNumberID(num) & ") lebih besar dari penyebut (" & _
                                FormatNumberID(den) & "): bagian tidak mungkin melebihi keseluruhan")
        Exit Function
    End If
    IKU_PERSEN = num / den * 100#
    Exit Function
Fail:
    IKU_PERSEN = "#GALAT: " & Err.Description
End Function

Public Function IKU_RATA_DOKUMEN(rkp_tepat As Variant, apb_tepat As Variant, lpp_tepat As Variant, jumlah_desa As Variant) As Variant
    On Error GoTo Fail
    Dim vals(2) As Variant, names As Variant, n As Double, x As Double, total As Double, i As Integer, m As String, d As Variant
    vals(0) = Unwrap(rkp_tepat): vals(1) = Unwrap(apb_tepat): vals(2) = Unwrap(lpp_tepat): d = Unwrap(jumlah_desa)
    For i = 0 To 2
        m = ErrorText(vals(i)): If m <> "" Then IKU_RATA_DOKUMEN = m: Exit Function
    Next
    m = ErrorText(d): If m <> "" Then IKU_RATA_DOKUMEN = m: Exit Function
    names = Array("RKPDes", "APBDes", "LPPDes")
    m = RequireNumber(d, "jumlah desa", n, 0, True): If m <> "" Then IKU_RATA_DOKUMEN = m: Exit Function
    If n = 0 Then IKU_RATA_DOKUMEN = TidakValid("jumlah desa bernilai 0: persentase tidak dapat dihitung"): Exit Function
    total = 0
    For i = 0 To 2
        m = RequireNumber(vals(i), "jumlah desa dengan " & names(i) & " tepat waktu", x, 0, True)
        If m <> "" Then IKU_RATA_DOKUMEN = m: Exit Function
        If x > n Then
            IKU_RATA_DOKUMEN = TidakValid("jumlah desa dengan " & names(i) & " tepat waktu (" & FormatNumberID(x) & _
                                          ") melebihi jumlah desa (" & FormatNumberID(n) & ")")
            Exit Function
        End If
        total = total + x
    Next
    IKU_RATA_DOKUMEN = total / (n * 3) * 100#
    Exit Function
Fail:
    IKU_RATA_DOKUMEN = "#GALAT: " & Err.Description
End Function

Private Function DocumentKind(ByVal name As Variant, ByRef kind As String) As String
    Dim key As String, i As Long, c As String
    key = ""
    For i = 1 To Len(CStr(name))
        c = Mid(CStr(name), i, 1)
        If c <> " " And c <> "." And c <> "_" And c <> "-" And AscW(c) <> 9 Then key = key & LCase(c)
    Next
    Select Case key
        Case "rkpdes", "rkpdesa", "rkp", "rkpd": kind = "RKPDes"
        Case "apbdes", "apbdesa", "apb": kind = "APBDes"
        Case "lppdes", "lppdesa", "lpp": kind = "LPPDes"
        Case Else
            DocumentKind = TidakValid("jenis dokumen '" & name & "' tidak dikenal; pilih RKPDes, APBDes atau LPPDes")
            Exit Function
    End Select
    DocumentKind = ""
End Function

' A date from a cell: a date, an Excel serial number, or text 30/09/2024 or 2024-09-30.
Private Function ReadDate(ByVal v As Variant, ByVal what As String, ByRef dateValue As Date, ByRef blank As Boolean) As String
    Dim text As String, d As Long, mo As Long, y As Long, serial As Double, m As String
    ReadDate = ""
    blank = False
    If VarType(v) = vbDate Then
        dateValue = DateSerial(Year(v), Month(v), Day(v))
        Exit Function
    End If
    If VarType(v) = vbString Then
        text = Trim(v)
        If text = "" Then blank = True: Exit Function
        If IsDateText(text, d, mo, y) Then
            If mo < 1 Or mo > 12 Or d < 1 Or d > DaysIn(y, mo) Then
                ReadDate = TidakValid(what & " '" & v & "' bukan tanggal yang ada")
                Exit Function
            End If
            dateValue = DateSerial(y, mo, d)
            Exit Function
        End If
        ReadDate = TidakValid(what & " '" & v & "' bukan tanggal; tulis seperti 30/09/2024")
        Exit Function
    End If
    m = ReadNumber(v, what, serial, blank)
    If m <> "" Then ReadDate = TidakValid(m): Exit Function
    If blank Then Exit Function
    If serial < 61 Or serial > 2958465 Then
        ReadDate = TidakValid(what & " " & FormatNumberID(serial) & " bukan tanggal yang masuk akal")
        Exit Function
    End If
    dateValue = DateSerial(1899, 12, 30) + Int(serial)
End Function

Private Function DaysIn(ByVal y As Long, ByVal mo As Long) As Long
    DaysIn = Day(DateSerial(y, mo + 1, 1) - 1)
End Function

Private Function IsDateText(ByVal s As String, ByRef d As Long, ByRef mo As Long, ByRef y As Long) As Boolean
    ' ^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$  or  ^(\d{4})-(\d{1,2})-(\d{1,2})$
    Dim p As Variant
    IsDateText = False
    p = SplitDate(s)
    If Not IsArray(p) Then Exit Function
    If Len(p(0)) = 4 And Len(p(1)) <= 2 And Len(p(2)) <= 2 And p(3) = "-" Then
        y = CLng(p(0)): mo = CLng(p(1)): d = CLng(p(2))
        IsDateText = True
    ElseIf Len(p(0)) <= 2 And Len(p(1)) <= 2 And Len(p(2)) = 4 Then
        d = CLng(p(0)): mo = CLng(p(1)): y = CLng(p(2))
        IsDateText = True
    End If
End Function

Private Function SplitDate(ByVal s As String) As Variant
    ' Three digit groups separated by / . or - (the separators may differ for d/m/y, as in the Python rule).
    ' Returns Empty when the text is not of that shape.
    Dim groups(3) As String, g As Long, i As Long, c As String, allDash As Boolean
    SplitDate = Empty
    g = 0
    allDash = True
    For i = 1 To Len(s)
        c = Mid(s, i, 1)
        If IsDigit(c) Then
            groups(g) = groups(g) & c
        ElseIf c = "/" Or c = "." Or c = "-" Then
            If groups(g) = "" Or g = 2 Then Exit Function
            If c <> "-" Then allDash = False
            g = g + 1
        Else
            Exit Function
        End If
    Next
    If g <> 2 Or groups(2) = "" Then Exit Function
    If allDash Then groups(3) = "-" Else groups(3) = ""
    SplitDate = groups
End Function

Private Function Deadline(ByVal kind As String, ByVal budgetYear As Double) As Date
    Select Case kind
        Case "RKPDes": Deadline = DateSerial(budgetYear - 1, 9, 30)
        Case "APBDes": Deadline = DateSerial(budgetYear - 1, 12, 31)
        Case Else: Deadline = DateSerial(budgetYear + 1, 3, 31)
    End Select
End Function

Public Function IKU_TEPAT_WAKTU(jenis As Variant, tanggal As Variant, tahun_anggaran As Variant) As Variant
    On Error GoTo Fail
    Dim j As Variant, t As Variant, y As Variant, kind As String, budgetYear As Double, docDate As Date, blank As Boolean, m As String
    j = Unwrap(jenis): t = Unwrap(tanggal): y = Unwrap(tahun_anggaran)
    m = ErrorText(j): If m = "" Then m = ErrorText(t)
    If m = "" Then m = ErrorText(y)
    If m <> "" Then IKU_TEPAT_WAKTU = m: Exit Function
    m = DocumentKind(j, kind): If m <> "" Then IKU_TEPAT_WAKTU = m: Exit Function
    m = RequireNumber(y, "tahun anggaran", budgetYear, 1900, True): If m <> "" Then IKU_TEPAT_WAKTU = m: Exit Function
    m = ReadDate(t, "tanggal " & kind, docDate, blank): If m <> "" Then IKU_TEPAT_WAKTU = m: Exit Function
    If blank Then IKU_TEPAT_WAKTU = Kosong("tanggal " & kind & " belum diisi"): Exit Function
    If docDate <= Deadline(kind, budgetYear) Then IKU_TEPAT_WAKTU = "Ya" Else IKU_TEPAT_WAKTU = "Tidak"
    Exit Function
Fail:
    IKU_TEPAT_WAKTU = "#GALAT: " & Err.Description
End Function

Public Function IKU_PERTUMBUHAN(nilai_tahun_ini As Variant, nilai_tahun_lalu As Variant) As Variant
    On Error GoTo Fail
    Dim a As Variant, b As Variant, thisYear As Double, lastYear As Double, m As String
    a = Unwrap(nilai_tahun_ini): b = Unwrap(nilai_tahun_lalu)
    m = ErrorText(a): If m = "" Then m = ErrorText(b)
    If m <> "" Then IKU_PERTUMBUHAN = m: Exit Function
    m = RequireNumber(a, "nilai tahun ini", thisYear): If m <> "" Then IKU_PERTUMBUHAN = m: Exit Function
    m = RequireNumber(b, "nilai tahun lalu", lastYear): If m <> "" Then IKU_PERTUMBUHAN = m: Exit Function
    If lastYear = 0 Then IKU_PERTUMBUHAN = TidakValid("nilai tahun lalu bernilai 0: pertumbuhan tidak dapat dihitung"): Exit Function
    IKU_PERTUMBUHAN = (thisYear - lastYear) / lastYear * 100#
    Exit Function
Fail:
    IKU_PERTUMBUHAN = "#GALAT: " & Err.Description
End Function

Public Function IKU_KEHADIRAN(jumlah_pegawai As Variant, hari_kerja_efektif As Variant, hari_tidak_masuk As Variant) As Variant
    On Error GoTo Fail
    Dim s As Variant, w As Variant, a As Variant, n As Double, days As Double, m As String
    Dim x As Variant, number As Double, blank As Boolean, count As Long, total As Double, largest As Double, tooMany As Boolean
    s = Unwrap(jumlah_pegawai): w = Unwrap(hari_kerja_efektif)
    a = Plain(hari_tidak_masuk)
    m = ErrorText(s): If m = "" Then m = ErrorText(w)
    If m = "" Then m = ErrorText(a)
    If m <> "" Then IKU_KEHADIRAN = m: Exit Function
    m = RequireNumber(s, "jumlah pegawai", n, 0, True): If m <> "" Then IKU_KEHADIRAN = m: Exit Function
    m = RequireNumber(w, "hari kerja efektif", days): If m <> "" Then IKU_KEHADIRAN = m: Exit Function
    If n = 0 Or days = 0 Then IKU_KEHADIRAN = TidakValid("jumlah pegawai dan hari kerja efektif harus lebih dari 0"): Exit Function
    count = 0: total = 0: largest = 0: tooMany = False
    For Each x In RowMajor(a)
        m = ReadNumber(x, "hari tidak masuk", number, blank)
        If m <> "" Then IKU_KEHADIRAN = TidakValid(m): Exit Function
        If Not blank Then
            If number < 0 Then
                IKU_KEHADIRAN = TidakValid("hari tidak masuk tidak boleh negatif (tertulis " & FormatNumberID(number) & ")")
                Exit Function
            End If
            count = count + 1
            total = total + number
            If number > largest Or count = 1 Then largest = number
            If number > days Then tooMany = True
        End If
    Next
    If tooMany Then
        IKU_KEHADIRAN = TidakValid("hari tidak masuk seorang pegawai (" & FormatNumberID(largest) & _
                                   ") melebihi hari kerja efektif (" & FormatNumberID(days) & ")")
        Exit Function
    End If
    If count > n Then
        IKU_KEHADIRAN = TidakValid("ada " & count & " isian hari tidak masuk untuk " & FormatNumberID(n) & " pegawai")
        Exit Function
    End If
    If total > n * days Then
        IKU_KEHADIRAN = TidakValid("jumlah hari tidak masuk melebihi jumlah pegawai " & ChrW(215) & " hari kerja efektif")
        Exit Function
    End If
    IKU_KEHADIRAN = (n * days - total) / (n * days) * 100#
    Exit Function
Fail:
    IKU_KEHADIRAN = "#GALAT: " & Err.Description
End Function

Private Function Polarity(ByVal v As Variant, ByRef sense As String) As String
    Dim key As String
    Polarity = ""
    If IsBlankValue(v) Then sense = "naik": Exit Function
    key = LCase(Trim(CStr(v)))
    Select Case key
        Case "naik", "positif", "maksimal", "max", "tinggi", "+": sense = "naik"
        Case "turun", "negatif", "minimal", "min", "rendah", "-": sense = "turun"
        Case Else: Polarity = TidakValid("polaritas '" & v & "' tidak dikenal; tulis 'naik' atau 'turun'")
    End Select
End Function

Private Function Against(ByVal realisasi As Double, ByVal target As Double, ByVal sense As String, ByRef result As Double) As String
    Against = ""
    If target = 0 Then
        Against = TidakValid("target bernilai 0: capaian tidak dapat dihitung; tetapkan target selain 0")
        Exit Function
    End If
    If sense = "naik" Then
        result = realisasi / target * 100#
    Else
        result = (2 * target - realisasi) / target * 100#
    End If
End Function

Public Function IKU_CAPAIAN(realisasi As Variant, target As Variant, Optional polaritas As Variant) As Variant
    On Error GoTo Fail
    Dim r As Variant, t As Variant, p As Variant, sense As String, low As Double, high As Double, blank As Boolean
    Dim actual As Double, result As Double, m As String
    r = Unwrap(realisasi): t = Unwrap(target)
    If IsMissing(polaritas) Then p = "naik" Else p = Unwrap(polaritas)
    m = ErrorText(r): If m = "" Then m = ErrorText(t)
    If m = "" Then m = ErrorText(p)
    If m <> "" Then IKU_CAPAIAN = m: Exit Function
    m = Polarity(p, sense): If m <> "" Then IKU_CAPAIAN = m: Exit Function
    m = ReadTarget(t, low, high, blank): If m <> "" Then IKU_CAPAIAN = TidakValid(m): Exit Function
    If blank Then IKU_CAPAIAN = Kosong("target belum diisi"): Exit Function
    m = ReadNumber(r, "realisasi", actual, blank): If m <> "" Then IKU_CAPAIAN = TidakValid(m): Exit Function
    If blank Then IKU_CAPAIAN = Kosong("realisasi belum diisi"): Exit Function
    If low = high Then
        m = Against(actual, low, sense, result)
    ElseIf actual >= low And actual <= high Then
        result = 100#
    ElseIf actual > high Then
        m = Against(actual, high, sense, result)
    Else
        m = Against(actual, low, sense, result)
    End If
    If m <> "" Then IKU_CAPAIAN = m: Exit Function
    IKU_CAPAIAN = RoundHalfUp(result, 2)
    Exit Function
Fail:
    IKU_CAPAIAN = "#GALAT: " & Err.Description
End Function

Public Function IKU_PREDIKAT(capaian As Variant) As Variant
    On Error GoTo Fail
    Dim value As Double, m As String
    m = OneNumber(capaian, "capaian", "capaian belum ada", value)
    If m <> "" Then IKU_PREDIKAT = m: Exit Function
    IKU_PREDIKAT = BandPredikat(value, True)
    Exit Function
Fail:
    IKU_PREDIKAT = "#GALAT: " & Err.Description
End Function

' ---- IKM ----------------------------------------------------------------------------------------

Private Function Block(ByVal arg As Variant) As Variant
    ' Any argument as a 2-D, 1-based array (rows x columns).
    Dim out() As Variant, i As Long, j As Long, r0 As Long, c0 As Long, v As Variant
    v = Plain(arg)
    If Not IsArray(v) Then
        ReDim out(1 To 1, 1 To 1)
        out(1, 1) = v
        Block = out
        Exit Function
    End If
    If Dims(v) = 2 Then
        ReDim out(1 To UBound(v, 1) - LBound(v, 1) + 1, 1 To UBound(v, 2) - LBound(v, 2) + 1)
        r0 = LBound(v, 1) - 1: c0 = LBound(v, 2) - 1
        For i = LBound(v, 1) To UBound(v, 1)
            For j = LBound(v, 2) To UBound(v, 2)
                out(i - r0, j - c0) = v(i, j)
            Next
        Next
    Else
        ' a flat list is one column: one respondent per row
        ReDim out(1 To UBound(v) - LBound(v) + 1, 1 To 1)
        For i = LBound(v) To UBound(v)
            out(i - LBound(v) + 1, 1) = v(i)
        Next
    End If
    Block = out
End Function

Private Function Score(ByVal v As Variant, ByRef value As Double) As Boolean
    ' A valid 1-4 answer; blank, text and out-of-range answers are missing, never 0.
    Dim blank As Boolean
    Score = False
    If IsBlankValue(v) Then Exit Function
    If ReadNumber(v, "jawaban", value, blank) <> "" Then Exit Function
    Score = (value = 1 Or value = 2 Or value = 3 Or value = 4)
End Function

Private Function RowIsBlank(ByVal b As Variant, ByVal i As Long) As Boolean
    Dim j As Long
    RowIsBlank = True
    For j = 1 To UBound(b, 2)
        If Not IsBlankValue(b(i, j)) Then RowIsBlank = False: Exit Function
    Next
End Function

Private Function ColumnNrr(ByVal b As Variant, ByVal j As Long, ByRef nrr As Double) As Boolean
    ' The mean of the valid 1-4 answers of column j; False when it has none.
    Dim i As Long, total As Double, count As Long, value As Double
    total = 0: count = 0
    For i = 1 To UBound(b, 1)
        If Score(b(i, j), value) Then total = total + value: count = count + 1
    Next
    If count > 0 Then nrr = total / count
    ColumnNrr = (count > 0)
End Function

Public Function IKM_NRR(jawaban As Variant) As Variant
    On Error GoTo Fail
    Dim b As Variant, j As Long, nrr As Double, m As String, out() As Variant
    m = ErrorText(jawaban): If m <> "" Then IKM_NRR = m: Exit Function
    b = Block(jawaban)
    ReDim out(1 To 1, 1 To UBound(b, 2))
    For j = 1 To UBound(b, 2)
        If Not ColumnNrr(b, j, nrr) Then IKM_NRR = Kosong("belum ada jawaban 1" & EnDash() & "4 yang sah"): Exit Function
        out(1, j) = nrr
    Next
    ' one column: one number; a block: a row of NRR, one per column
    If UBound(b, 2) = 1 Then IKM_NRR = out(1, 1) Else IKM_NRR = out
    Exit Function
Fail:
    IKM_NRR = "#GALAT: " & Err.Description
End Function

Public Function IKM_NILAI(jawaban As Variant) As Variant
    On Error GoTo Fail
    Dim b As Variant, i As Long, j As Long, rows As Long, width As Long, m As String, value As Double
    Dim sums(1 To 9) As Double, counts(1 To 9) As Long, total As Double, missingList As String, raw As Double
    m = ErrorText(jawaban): If m <> "" Then IKM_NILAI = m: Exit Function
    b = Block(jawaban)
    rows = 0: width = 0
    For i = 1 To UBound(b, 1)
        If Not RowIsBlank(b, i) Then
            rows = rows + 1
            width = UBound(b, 2)
        End If
    Next
    If rows = 0 Then IKM_NILAI = Kosong("belum ada jawaban responden"): Exit Function
    If width <> 9 Then
        IKM_NILAI = TidakValid("blok jawaban memiliki " & width & " kolom, padahal metode 2017 memakai 9 unsur")
        Exit Function
    End If
    For i = 1 To UBound(b, 1)
        If Not RowIsBlank(b, i) Then
            For j = 1 To 9
                If Score(b(i, j), value) Then sums(j) = sums(j) + value: counts(j) = counts(j) + 1
            Next
        End If
    Next
    missingList = ""
    For j = 1 To 9
        If counts(j) = 0 Then
            If missingList <> "" Then missingList = missingList & ", "
            missingList = missingList & "unsur " & j
        End If
    Next
    If missingList <> "" Then IKM_NILAI = TidakValid("tidak ada jawaban sah untuk " & missingList & ": IKM tidak dapat dihitung"): Exit Function
    total = 0
    For j = 1 To 9
        total = total + sums(j) / counts(j)
    Next
    raw = total / 9 * 25
    IKM_NILAI = RoundHalfUp(raw, 2)
    Exit Function
Fail:
    IKM_NILAI = "#GALAT: " & Err.Description
End Function

Private Function IkmBand(ByVal ikm As Variant, ByVal wantLabel As Boolean) As Variant
    Dim value As Double, m As String
    m = OneNumber(ikm, "nilai IKM", "nilai IKM belum ada", value)
    If m <> "" Then IkmBand = m: Exit Function
    IkmBand = BandIkm(value, wantLabel)
End Function

Public Function IKM_MUTU(ikm As Variant) As Variant
    On Error GoTo Fail
    IKM_MUTU = IkmBand(ikm, False)
    Exit Function
Fail:
    IKM_MUTU = "#GALAT: " & Err.Description
End Function

Public Function IKM_KINERJA(ikm As Variant) As Variant
    On Error GoTo Fail
    IKM_KINERJA = IkmBand(ikm, True)
    Exit Function
Fail:
    IKM_KINERJA = "#GALAT: " & Err.Description
End Function

Public Function IKM_SAMPEL_MINIMUM(populasi As Variant) As Variant
    On Error GoTo Fail
    ' Krejcie & Morgan (1970) table as reproduced in PermenPANRB 14/2017; between rows
    ' the next larger population is used, so the minimum is never understated.
    Dim sizes As Variant, samples As Variant, p As Variant, n As Double, i As Long, m As String
    sizes = SampleTablePopulations()
    samples = SampleTableMinimums()
    p = Unwrap(populasi)
    m = ErrorText(p): If m <> "" Then IKM_SAMPEL_MINIMUM = m: Exit Function
    m = RequireNumber(p, "populasi", n): If m <> "" Then IKM_SAMPEL_MINIMUM = m: Exit Function
    If n <> Int(n) Then
        IKM_SAMPEL_MINIMUM = TidakValid("populasi harus bilangan bulat (tertulis " & FormatNumberID(n) & ")")
        Exit Function
    End If
    If n = 0 Then IKM_SAMPEL_MINIMUM = TidakValid("populasi bernilai 0"): Exit Function
    For i = LBound(sizes) To UBound(sizes)
        If n <= sizes(i) Then
            If samples(i) < n Then IKM_SAMPEL_MINIMUM = samples(i) Else IKM_SAMPEL_MINIMUM = n
            Exit Function
        End If
    Next
    IKM_SAMPEL_MINIMUM = samples(UBound(samples))
    Exit Function
Fail:
    IKM_SAMPEL_MINIMUM = "#GALAT: " & Err.Description
End Function

Public Function IDM_STATUS(idm As Variant) As Variant
    On Error GoTo Fail
    Dim value As Double, m As String
    m = OneNumber(idm, "nilai IDM", "nilai IDM belum diisi", value)
    If m <> "" Then IDM_STATUS = m: Exit Function
    IDM_STATUS = BandIdm(value, True)
    Exit Function
Fail:
    IDM_STATUS = "#GALAT: " & Err.Description
End Function
