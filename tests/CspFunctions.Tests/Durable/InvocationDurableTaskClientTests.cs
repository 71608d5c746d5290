using System.Reflection;
using CspFunctions.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;

namespace CspFunctions.Tests.Durable;

public sealed class InvocationDurableTaskClientTests
{
    [Fact]
    public void InvocationDurableTaskClient_EveryOverridableMember_IsForwarded()
    {
        // A member the SDK adds later and this class does not forward would run the base class's
        // default against no engine at all.
        var overridable = typeof(DurableTaskClient).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.DeclaringType == typeof(DurableTaskClient) && m.IsVirtual && !m.IsFinal);
        var notForwarded = overridable
            .Where(m => typeof(InvocationDurableTaskClient).GetMethod(m.Name, BindingFlags.Public | BindingFlags.Instance, m.GetParameters().Select(p => p.ParameterType).ToArray())!
                .DeclaringType != typeof(InvocationDurableTaskClient))
            .Select(m => m.ToString())
            .ToList();

        Assert.Empty(notForwarded);
    }

    [Fact]
    public async Task Use_TwoInvocationsAtOnce_EachReachesItsOwnClient()
    {
        var forwarding = new InvocationDurableTaskClient();
        var first = new Mock<DurableTaskClient>("first") { CallBase = true };
        var second = new Mock<DurableTaskClient>("second") { CallBase = true };
        var bothBound = new TaskCompletionSource();
        var bound = 0;

        async Task RaiseAsync(Mock<DurableTaskClient> client, string instance)
        {
            using (forwarding.Use(client.Object))
            {
                if (Interlocked.Increment(ref bound) == 2) bothBound.SetResult();
                await bothBound.Task.WaitAsync(TimeSpan.FromSeconds(10));
                await forwarding.RaiseEventAsync(instance, "Event", null);
            }
        }

        await Task.WhenAll(Task.Run(() => RaiseAsync(first, "one")), Task.Run(() => RaiseAsync(second, "two")));

        first.Verify(c => c.RaiseEventAsync("one", "Event", null, It.IsAny<CancellationToken>()), Times.Once);
        first.Verify(c => c.RaiseEventAsync("two", It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Never);
        second.Verify(c => c.RaiseEventAsync("two", "Event", null, It.IsAny<CancellationToken>()), Times.Once);
        second.Verify(c => c.RaiseEventAsync("one", It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Use_Disposed_UnbindsTheClient()
    {
        var forwarding = new InvocationDurableTaskClient();
        var client = new Mock<DurableTaskClient>("test") { CallBase = true };
        client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync("started");

        using (forwarding.Use(client.Object))
        {
            Assert.Equal("started", await forwarding.ScheduleNewOrchestrationInstanceAsync("IncidentOrchestration"));
        }

        await Assert.ThrowsAsync<DurableClientNotBoundException>(() => forwarding.ScheduleNewOrchestrationInstanceAsync("IncidentOrchestration"));
    }
}
