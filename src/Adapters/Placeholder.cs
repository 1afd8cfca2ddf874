namespace EarTagTrace.Adapters; internal static class Placeholder { }
