Attribute VB_Name = "IKU_Tombol"
' iku-excel: the buttons staff need in their workbook.
'   PeriksaBukuKerja  checks this workbook with the regency's checker (iku-excel validasi)
'                     and lists every finding in the sheet "Temuan", each linked to its cell.
'   HitungUlang       recalculates the workbook; where the IKU functions are not enabled it
'                     asks iku-excel for a recalculated copy.
' Both need Python with iku-excel installed for the checking part, and say so plainly when it
' is not. Import: Alt+F11 > File > Import File; then Insert > Shapes, right-click the shape >
' Assign Macro > PeriksaBukuKerja (and likewise HitungUlang). Save as .xlsm.
Option Explicit

Private Const FINDINGS_SHEET As String = "Temuan"

Private Function PythonReady() As Boolean
    ' True when the command iku-excel can be run on this computer.
    Dim sh As Object
    On Error GoTo NotThere
    Set sh = CreateObject("WScript.Shell")
    PythonReady = (sh.Run("cmd /c where iku-excel >nul 2>nul", 0, True) = 0)
    Exit Function
NotThere:
    PythonReady = False
End Function

Private Sub SayPythonMissing()
    MsgBox "Pemeriksaan memerlukan Python dengan iku-excel terpasang di komputer ini, dan belum ada." & vbCrLf & vbCrLf & _
           "Pilihan: minta petugas TI memasang iku-excel (pip install iku-excel, lalu iku-excel excel), " & _
           "atau kirim buku kerja apa adanya: Kabupaten memeriksanya dengan iku-excel validasi.", _
           vbInformation, "iku-excel"
End Sub

Private Function SavedCopy() As String
    ' A copy of the workbook as it is now (also unsaved changes), in the temporary folder.
    Dim ext As String
    ext = Mid(ThisWorkbook.Name, InStrRev(ThisWorkbook.Name, "."))
    SavedCopy = Environ("TEMP") & "\iku_periksa_" & Format(Now, "yyyymmdd_hhnnss") & ext
    ThisWorkbook.SaveCopyAs SavedCopy
End Function

Public Sub PeriksaBukuKerja()
    Dim copyPath As String, sh As Object, run As Object, output As String
    If Not PythonReady() Then
        SayPythonMissing
        Exit Sub
    End If
    copyPath = SavedCopy()
    Set sh = CreateObject("WScript.Shell")
    Set run = sh.Exec("iku-excel validasi """ & copyPath & """ --tsv --diam -o """ & Environ("TEMP") & "\iku_laporan""")
    output = run.StdOut.ReadAll
    Do While run.Status = 0
        DoEvents
    Loop
    WriteFindings output
    Kill copyPath
End Sub

Private Sub PutText(ByVal cell As Range, ByVal text As String)
    ' Every field from the checker is text, never a formula or a number: a sheet name or a
    ' message may begin with "=", "+", "-" or "@". Text format, and the apostrophe Excel
    ' itself uses for "this is text" (it is not shown and not part of the value).
    cell.NumberFormat = "@"
    Select Case Left(text, 1)
        Case "=", "+", "-", "@": cell.Value = "'" & text
        Case Else: cell.Value = text
    End Select
End Sub

Private Sub WriteFindings(ByVal output As String)
    Dim ws As Worksheet, lines() As String, fields() As String, i As Long, r As Long
    On Error Resume Next
    Set ws = ThisWorkbook.Worksheets(FINDINGS_SHEET)
    On Error GoTo 0
    If ws Is Nothing Then
        Set ws = ThisWorkbook.Worksheets.Add(Before:=ThisWorkbook.Worksheets(1))
        ws.Name = FINDINGS_SHEET
    End If
    ws.Cells.Clear
    ws.Range("A1:E1").Value = Array("Lembar", "Sel", "Kode", "Tingkat", "Pesan")
    ws.Range("A1:E1").Font.Bold = True
    r = 1
    lines = Split(Replace(output, vbCr, ""), vbLf)
    For i = LBound(lines) To UBound(lines)
        If Len(lines(i)) > 0 Then
            fields = Split(lines(i), vbTab)
            If UBound(fields) >= 5 Then
                r = r + 1
                PutText ws.Cells(r, 1), fields(1)
                PutText ws.Cells(r, 2), fields(2)
                PutText ws.Cells(r, 3), fields(3)
                PutText ws.Cells(r, 4), fields(4)
                PutText ws.Cells(r, 5), fields(5)
                If fields(1) <> "" Then
                    ws.Hyperlinks.Add Anchor:=ws.Cells(r, 1), Address:="", _
                        SubAddress:="'" & fields(1) & "'!" & IIf(fields(2) = "", "A1", fields(2)), TextToDisplay:=fields(1)
                End If
            End If
        End If
    Next
    ws.Columns("A:D").AutoFit
    ws.Columns("E").ColumnWidth = 100
    ws.Activate
    If r = 1 Then
        ws.Cells(2, 1).Value = "Tidak ada temuan: buku kerja siap dikirim."
    End If
    MsgBox (r - 1) & " temuan ditulis di lembar '" & FINDINGS_SHEET & "'. Klik nama lembar untuk menuju selnya.", _
           vbInformation, "iku-excel"
End Sub

Public Sub HitungUlang()
    Dim ws As Worksheet, c As Range, inactive As Boolean, copyPath As String, outPath As String, sh As Object
    Application.CalculateFull
    inactive = False
    For Each ws In ThisWorkbook.Worksheets
        For Each c In ws.UsedRange
            If IsError(c.Value) Then
                ' c.Text, not c.Value = CVErr(...): comparing error values raises a type mismatch
                If c.Text = "#NAME?" And InStr(1, c.Formula, "IKU_", vbTextCompare) + _
                   InStr(1, c.Formula, "IKM_", vbTextCompare) + InStr(1, c.Formula, "IDM_", vbTextCompare) > 0 Then
                    inactive = True
                    Exit For
                End If
            End If
        Next
        If inactive Then Exit For
    Next
    If Not inactive Then
        MsgBox "Buku kerja sudah dihitung ulang.", vbInformation, "iku-excel"
        Exit Sub
    End If
    If Not PythonReady() Then
        MsgBox "Fungsi IKU_/IKM_ belum aktif di Excel ini (#NAME?). Pakai templat .xlsm dan aktifkan makronya " & _
               "(lihat lembar Petunjuk), atau impor modul IKU_Fungsi.bas (Alt+F11 > File > Import File), " & _
               "lalu tekan tombol ini lagi.", vbExclamation, "iku-excel"
        Exit Sub
    End If
    copyPath = SavedCopy()
    outPath = Replace(copyPath, "iku_periksa_", "iku_dihitung_")
    Set sh = CreateObject("WScript.Shell")
    sh.Run "iku-excel hitung """ & copyPath & """ -o """ & outPath & """", 0, True
    Kill copyPath
    Workbooks.Open outPath
    MsgBox "Fungsi IKU_/IKM_ belum aktif di Excel ini; salinan yang sudah dihitung oleh iku-excel dibuka: " & outPath, _
           vbInformation, "iku-excel"
End Sub
