Console.WriteLine("csp");
