using System.Collections;
using System.Data.Common;

namespace EarTagTrace.Hub.Features.Tags;

/// <summary>Reads a row's columns from an offset, so a row reader written for one query serves a wider one.</summary>
internal sealed class OffsetReader(DbDataReader inner, int offset) : DbDataReader
{
    public override bool GetBoolean(int ordinal) => inner.GetBoolean(ordinal + offset);
    public override byte GetByte(int ordinal) => inner.GetByte(ordinal + offset);
    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => inner.GetBytes(ordinal + offset, dataOffset, buffer, bufferOffset, length);
    public override char GetChar(int ordinal) => inner.GetChar(ordinal + offset);
    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => inner.GetChars(ordinal + offset, dataOffset, buffer, bufferOffset, length);
    public override string GetDataTypeName(int ordinal) => inner.GetDataTypeName(ordinal + offset);
    public override DateTime GetDateTime(int ordinal) => inner.GetDateTime(ordinal + offset);
    public override decimal GetDecimal(int ordinal) => inner.GetDecimal(ordinal + offset);
    public override double GetDouble(int ordinal) => inner.GetDouble(ordinal + offset);
    public override Type GetFieldType(int ordinal) => inner.GetFieldType(ordinal + offset);
    public override float GetFloat(int ordinal) => inner.GetFloat(ordinal + offset);
    public override Guid GetGuid(int ordinal) => inner.GetGuid(ordinal + offset);
    public override short GetInt16(int ordinal) => inner.GetInt16(ordinal + offset);
    public override int GetInt32(int ordinal) => inner.GetInt32(ordinal + offset);
    public override long GetInt64(int ordinal) => inner.GetInt64(ordinal + offset);
    public override string GetName(int ordinal) => inner.GetName(ordinal + offset);
    public override int GetOrdinal(string name) => inner.GetOrdinal(name) - offset;
    public override string GetString(int ordinal) => inner.GetString(ordinal + offset);
    public override object GetValue(int ordinal) => inner.GetValue(ordinal + offset);
    public override int GetValues(object[] values) => throw new NotSupportedException();
    public override bool IsDBNull(int ordinal) => inner.IsDBNull(ordinal + offset);
    public override int FieldCount => inner.FieldCount - offset;
    public override object this[int ordinal] => inner[ordinal + offset];
    public override object this[string name] => inner[name];
    public override int RecordsAffected => inner.RecordsAffected;
    public override bool HasRows => inner.HasRows;
    public override bool IsClosed => inner.IsClosed;
    public override bool NextResult() => throw new NotSupportedException();
    public override bool Read() => throw new NotSupportedException();
    public override int Depth => inner.Depth;
    public override IEnumerator GetEnumerator() => throw new NotSupportedException();
}
