#include "runtime/formats/column_writer.h"

#include "runtime/common/text.h"
#include "runtime/common/value_format.h"

namespace sluice::rt {

namespace {

constexpr size_t kMaxQuotedValue = 64;

std::string_view TrimSpaces(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

bool ConsumePrefixNoCase(std::string_view& s, std::string_view word) {
    if (!EqualsIgnoreCase(s.substr(0, word.size()), word))
        return false;
    s.remove_prefix(word.size());
    return true;
}

} // namespace

bool ParseIntervalText(std::string_view text, int64_t* micros) {
    std::string_view s = TrimSpaces(text);
    if (ConsumePrefixNoCase(s, "INTERVAL")) {
        s = TrimSpaces(s);
        if (s.empty() || s.front() != '\'')
            return false;
        size_t close = s.find('\'', 1);
        if (close == std::string_view::npos)
            return false;
        std::string_view rest = TrimSpaces(s.substr(close + 1));
        if (!ConsumePrefixNoCase(rest, "SECOND") || !(rest.empty() || EqualsIgnoreCase(rest, "s")))
            return false;
        s = s.substr(1, close - 1);
    }
    sl_decimal v;
    if (!ParseDecimal(s, 38, 6, &v) || v > INT64_MAX || v < INT64_MIN)
        return false;
    *micros = static_cast<int64_t>(v);
    return true;
}

bool ColumnWriter::ParseText(int64_t row, std::string_view text) {
    switch (type_.id) {
    case SL_TYPE_BOOLEAN: {
        bool v;
        if (!ParseBool(text, &v))
            return false;
        Set<uint8_t>(row, v ? 1 : 0);
        return true;
    }
    case SL_TYPE_INT:
    case SL_TYPE_DATE: {
        int32_t v;
        if (!(type_.id == SL_TYPE_INT ? ParseInt32(text, &v) : ParseDate(text, &v)))
            return false;
        Set<int32_t>(row, v);
        return true;
    }
    case SL_TYPE_BIGINT:
    case SL_TYPE_TIMESTAMP:
    case SL_TYPE_INTERVAL: {
        int64_t v;
        bool ok = type_.id == SL_TYPE_BIGINT      ? ParseInt64(text, &v)
                  : type_.id == SL_TYPE_TIMESTAMP ? ParseTimestamp(text, &v)
                                                  : ParseIntervalText(text, &v);
        if (!ok)
            return false;
        Set<int64_t>(row, v);
        return true;
    }
    case SL_TYPE_DOUBLE: {
        double v;
        if (!ParseDouble(text, &v))
            return false;
        Set<double>(row, v);
        return true;
    }
    case SL_TYPE_DECIMAL: {
        sl_decimal v;
        if (!ParseDecimal(text, type_.precision, type_.scale, &v))
            return false;
        Set<sl_decimal>(row, v);
        return true;
    }
    case SL_TYPE_STRING:
        SetString(row, text);
        return true;
    }
    return false;
}

std::string ColumnWriter::TypeWithArticle() const {
    std::string name = type_.ToString();
    bool vowel = name[0] == 'A' || name[0] == 'E' || name[0] == 'I' || name[0] == 'O' || name[0] == 'U';
    return (vowel ? "an " : "a ") + name;
}

std::string ColumnWriter::NotAValue(std::string_view text) const {
    std::string out = "'";
    if (text.size() > kMaxQuotedValue) {
        size_t cut = kMaxQuotedValue;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
            --cut; // not inside a UTF-8 sequence
        out.append(text.substr(0, cut)).append("...");
    } else {
        out.append(text);
    }
    out.append("' is not ").append(TypeWithArticle());
    return out;
}

} // namespace sluice::rt
