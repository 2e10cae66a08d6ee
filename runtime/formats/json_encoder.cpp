#include "runtime/formats/json_encoder.h"

#include <cmath>

namespace sluice::rt {

namespace {

// Length of the well-formed UTF-8 sequence (RFC 3629) starting at s[i] with a lead byte >= 0x80, or 0.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
    auto byte = [&](size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0; };
    auto cont = [&](size_t k, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
        unsigned char b = byte(k);
        return b >= lo && b <= hi;
    };
    unsigned char lead = byte(0);
    if (lead >= 0xC2 && lead <= 0xDF)
        return cont(1) ? 2 : 0;
    if (lead >= 0xE0 && lead <= 0xEF) {
        bool second = lead == 0xE0 ? cont(1, 0xA0) : lead == 0xED ? cont(1, 0x80, 0x9F) : cont(1);
        return second && cont(2) ? 3 : 0;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
        bool second = lead == 0xF0 ? cont(1, 0x90) : lead == 0xF4 ? cont(1, 0x80, 0x8F) : cont(1);
        return second && cont(2) && cont(3) ? 4 : 0;
    }
    return 0;
}

} // namespace

JsonEncoder::JsonEncoder(Schema schema) : RowEncoder(std::move(schema)) {
    for (const ColumnSchema& c : schema_) {
        std::string key;
        AppendJsonString(key, c.name);
        key.push_back(':');
        keys_.push_back(std::move(key));
    }
}

void JsonEncoder::AppendJsonString(std::string& out, std::string_view s) {
    static const char kHex[] = "0123456789abcdef";
    out.push_back('"');
    size_t run = 0; // start of the bytes not yet copied
    size_t i = 0;
    while (i < s.size()) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            ++i;
            continue;
        }
        out.append(s.data() + run, i - run);
        if (c >= 0x80) {
            size_t n = Utf8SequenceLength(s, i);
            if (n > 0) {
                out.append(s.data() + i, n);
                i += n;
            } else {
                out.append("\xEF\xBF\xBD");
                ++i;
            }
        } else {
            out.push_back('\\');
            switch (c) {
            case '"':
                out.push_back('"');
                break;
            case '\\':
                out.push_back('\\');
                break;
            case '\n':
                out.push_back('n');
                break;
            case '\r':
                out.push_back('r');
                break;
            case '\t':
                out.push_back('t');
                break;
            case '\b':
                out.push_back('b');
                break;
            case '\f':
                out.push_back('f');
                break;
            default:
                out.append("u00");
                out.push_back(kHex[c >> 4]);
                out.push_back(kHex[c & 15]);
            }
            ++i;
        }
        run = i;
    }
    out.append(s.data() + run, s.size() - run);
    out.push_back('"');
}

void JsonEncoder::Encode(const Batch& rows, std::string& out) {
    const int num_columns = rows.num_columns();
    const int64_t num_rows = rows.num_rows();
    char buf[kValueBufferBytes];
    for (int64_t r = 0; r < num_rows; ++r) {
        out.push_back('{');
        bool first = true;
        for (int c = 0; c < num_columns; ++c) {
            if (rows.IsNull(c, r))
                continue;
            if (!first)
                out.push_back(',');
            first = false;
            out.append(keys_[c]);
            const sl_type_id id = schema_[c].type.id;
            if (id == SL_TYPE_STRING) {
                AppendJsonString(out, Batch::ToStringView(rows.Values<sl_str>(c)[r]));
                continue;
            }
            const size_t n = FormatValue(rows, c, r, buf);
            const bool as_string = id == SL_TYPE_TIMESTAMP || id == SL_TYPE_DATE || id == SL_TYPE_INTERVAL ||
                                   (id == SL_TYPE_DOUBLE && !std::isfinite(rows.Values<double>(c)[r]));
            if (as_string) {
                // These texts hold nothing that needs escaping.
                out.push_back('"');
                out.append(buf, n);
                out.push_back('"');
            } else {
                out.append(buf, n);
            }
        }
        out.append("}\n");
    }
}

} // namespace sluice::rt
