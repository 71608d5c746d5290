using Csp.Workflow.Application;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Model;

public sealed record NoticeSent(int Sent, int Duplicates, DateOnly SentOn);
