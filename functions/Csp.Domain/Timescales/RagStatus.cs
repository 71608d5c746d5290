using System.Text.Json.Serialization;

namespace Csp.Domain.Timescales;

/// <summary>
/// An incident's deadline status at a glance: red when a deadline has passed unmet, amber when the next
/// falls within <see cref="StatutoryTimescales.AmberWithinWorkingDays"/> working days, green otherwise.
/// Decided by <see cref="DeadlineCalculator.Rag"/>.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<RagStatus>))]
public enum RagStatus { Green, Amber, Red }
