using System.Globalization;
using System.Xml.Linq;
using Csp.Workflow.AnnualReports;

namespace Csp.Web.AnnualReports;

/// <summary>
/// Draws a <see cref="Figure"/> as a horizontal stacked bar chart in SVG, on the server: one bar per
/// row, a segment per series, the row's total at the end of its bar, a legend and a value axis.
/// The SVG is an image with a title and description (<c>role="img"</c>, <c>aria-labelledby</c>);
/// the page prints the same numbers as a table beside it. No script, no inline style (the content
/// security policy allows neither): colours and fonts are SVG presentation attributes.
/// </summary>
public static class SvgBarChart
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private const int Width = 960;
    private const int LabelWidth = 300;
    private const int BarLeft = LabelWidth + 12;
    private const int BarRight = Width - 56;
    private const int LineHeight = 17;
    private const int FontSize = 14;
    private const string Font = "Arial, Helvetica, sans-serif";
    private const string TextColour = "#0b0c0c";
    private const string GridColour = "#b1b4b6";

    /// <summary>Colours by series key: GOV.UK's palette, chosen so neighbouring segments differ in lightness as well as hue.</summary>
    private static readonly IReadOnlyDictionary<string, string> Colours = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["LocalCspr"] = "#1d70b8",
        ["OtherLearningReview"] = "#28a197",
        ["NationalReviewRecommended"] = "#4c2c92",
        ["NoFurtherReview"] = "#f499be",
        ["NotYetDecided"] = "#b1b4b6",
        ["Met"] = "#00703c",
        ["MetLate"] = "#ffdd00",
        ["Overdue"] = "#d4351c",
        ["Missed"] = "#6f2518",
        ["Due"] = "#5694ca",
        ["Waived"] = "#b1b4b6",
        [AnnualReportFigures.Within] = "#00703c",
        [AnnualReportFigures.After] = "#d4351c",
        [AnnualReportFigures.NotYetDue] = "#1d70b8",
        [AnnualReportFigures.Overdue] = "#d4351c",
    };

    private static readonly string[] Fallback = ["#1d70b8", "#f47738", "#00703c", "#4c2c92", "#d4351c", "#505a5f"];

    public static string Colour(Figure figure, int seriesIndex) =>
        Colours.TryGetValue(figure.Series[seriesIndex].Key, out var colour) ? colour : Fallback[seriesIndex % Fallback.Length];

    public static string Render(Figure figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        var titleId = figure.Id + "-chart-title";
        var descriptionId = figure.Id + "-chart-desc";
        var content = new List<XElement>();
        var y = 8;

        // Legend: a swatch and a name per series, wrapped onto as many lines as needed.
        var x = 0;
        for (var s = 0; s < figure.Series.Count; s++)
        {
            var label = figure.Series[s].Label;
            var itemWidth = 18 + 6 + TextWidth(label) + 24;
            if (x > 0 && x + itemWidth > Width) { x = 0; y += 24; }
            content.Add(Rect(x, y, 16, 16, Colour(figure, s), stroke: "#0b0c0c"));
            content.Add(Text(x + 22, y + 13, label, "start"));
            x += itemWidth;
        }
        y += 40;

        // Value axis across the top, with grid lines down through the bars.
        var max = Math.Max(1, figure.Rows.Select(r => r.Total).DefaultIfEmpty(0).Max());
        var step = NiceStep(max);
        var axisMax = (int)Math.Ceiling(max / (double)step) * step;
        var axisY = y;
        y += 10;
        var rowsTop = y;
        var rowLayouts = new List<(FigureRow Row, IReadOnlyList<string> Lines, int Top, int Height)>();
        foreach (var row in figure.Rows)
        {
            var lines = Wrap(row.Label, LabelWidth);
            var height = Math.Max(30, lines.Count * LineHeight + 12);
            rowLayouts.Add((row, lines, y, height));
            y += height;
        }
        var rowsBottom = y;
        for (var tick = 0; tick <= axisMax; tick += step)
        {
            var tx = BarLeft + Scale(tick, axisMax);
            content.Add(new XElement(Svg + "line", new XAttribute("x1", tx), new XAttribute("x2", tx), new XAttribute("y1", axisY + 4), new XAttribute("y2", rowsBottom),
                new XAttribute("stroke", GridColour), new XAttribute("stroke-width", 1)));
            content.Add(Text(tx, axisY, tick.ToString(CultureInfo.InvariantCulture), "middle"));
        }

        foreach (var (row, lines, top, height) in rowLayouts)
        {
            var firstBaseline = top + height / 2 - (lines.Count - 1) * LineHeight / 2 + 5;
            for (var l = 0; l < lines.Count; l++) content.Add(Text(LabelWidth, firstBaseline + l * LineHeight, lines[l], "end"));
            var barTop = top + height / 2 - 10;
            var start = 0;
            for (var s = 0; s < figure.Series.Count; s++)
            {
                var count = row.Counts[s];
                if (count == 0) continue;
                var left = BarLeft + Scale(start, axisMax);
                var right = BarLeft + Scale(start + count, axisMax);
                var segment = Rect(left, barTop, Math.Max(1, right - left), 20, Colour(figure, s), stroke: "#ffffff");
                segment.Add(new XElement(Svg + "title", $"{row.Label}, {figure.Series[s].Label}: {count}"));
                content.Add(segment);
                start += count;
            }
            content.Add(Text(BarLeft + Scale(row.Total, axisMax) + 6, barTop + 15, row.Total.ToString(CultureInfo.InvariantCulture), "start", bold: true));
        }
        content.Add(new XElement(Svg + "line", new XAttribute("x1", BarLeft), new XAttribute("x2", BarLeft), new XAttribute("y1", rowsTop - 4), new XAttribute("y2", rowsBottom),
            new XAttribute("stroke", TextColour), new XAttribute("stroke-width", 2)));

        var svg = new XElement(Svg + "svg",
            new XAttribute("viewBox", $"0 0 {Width} {rowsBottom + 8}"),
            new XAttribute("width", "100%"),
            new XAttribute("role", "img"),
            new XAttribute("aria-labelledby", titleId + " " + descriptionId),
            new XAttribute("class", "csp-chart"),
            new XAttribute("data-testid", figure.Id + "-chart"),
            new XAttribute("focusable", "false"),
            new XElement(Svg + "title", new XAttribute("id", titleId), figure.Title),
            new XElement(Svg + "desc", new XAttribute("id", descriptionId), figure.Summary + " The table after the chart gives every figure."),
            content);
        return svg.ToString(SaveOptions.DisableFormatting);
    }

    private static int Scale(int value, int axisMax) => (int)Math.Round((BarRight - BarLeft) * (double)value / axisMax);

    /// <summary>1, 2 or 5 times a power of ten, so the axis has at most six steps.</summary>
    private static int NiceStep(int max)
    {
        for (var power = 1; ; power *= 10)
        {
            foreach (var factor in new[] { 1, 2, 5 })
            {
                if (max / (factor * power) <= 6) return factor * power;
            }
        }
    }

    /// <summary>About 7.5 pixels a character at 14px Arial: enough to lay out the legend and wrap labels.</summary>
    private static int TextWidth(string text) => (int)Math.Ceiling(text.Length * 7.5);

    private static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (line.Length > 0 && TextWidth(candidate) > width)
            {
                lines.Add(line);
                line = word;
            }
            else
            {
                line = candidate;
            }
        }
        if (line.Length > 0 || lines.Count == 0) lines.Add(line);
        return lines;
    }

    private static XElement Rect(int x, int y, int width, int height, string fill, string stroke) =>
        new(Svg + "rect", new XAttribute("x", x), new XAttribute("y", y), new XAttribute("width", width), new XAttribute("height", height),
            new XAttribute("fill", fill), new XAttribute("stroke", stroke), new XAttribute("stroke-width", 1));

    private static XElement Text(int x, int y, string text, string anchor, bool bold = false)
    {
        var element = new XElement(Svg + "text", new XAttribute("x", x), new XAttribute("y", y), new XAttribute("text-anchor", anchor),
            new XAttribute("font-family", Font), new XAttribute("font-size", FontSize), new XAttribute("fill", TextColour), text);
        if (bold) element.Add(new XAttribute("font-weight", "bold"));
        return element;
    }
}
