namespace CspFunctions.Durable;

/// <summary>
/// The workflow asked for Durable Functions outside a function that has a durable client bound: a
/// fault in the app, not a refused action. Deliberately not an <see cref="InvalidOperationException"/>,
/// which the workflow reads as "the instance has finished" and would answer with a 409.
/// </summary>
public sealed class DurableClientNotBoundException(string message) : Exception(message);
