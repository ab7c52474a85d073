[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("CreatorLedger.Tests")]
