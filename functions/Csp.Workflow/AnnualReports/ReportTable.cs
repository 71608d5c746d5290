namespace Csp.Workflow.AnnualReports;

/// <summary>
/// One table of the inspection export, independent of the file format: a CSV file or a workbook
/// sheet. Cells are <see cref="string"/>, <see cref="DateOnly"/>, <see cref="DateTime"/> (UK
/// local), <see cref="int"/> or null, as the column's <see cref="ReportColumnType"/> says.
/// </summary>
public sealed record ReportTable(string Name, string Title, string Description, IReadOnlyList<ReportColumn> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows);

public sealed record ReportColumn(string Header, ReportColumnType Type);

public enum ReportColumnType { Text, Date, DateTime, Number }
