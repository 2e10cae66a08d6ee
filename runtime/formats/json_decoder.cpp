#include "runtime/formats/json_decoder.h"

#include <cmath>
#include <cstring>

#include <simdjson.h>

#include "runtime/common/text.h"
#include "runtime/common/value_format.h"

namespace sluice::rt {

namespace od = simdjson::ondemand;

static_assert(kDecodePadding >= simdjson::SIMDJSON_PADDING,
              "the JSON decoder reads ahead by SIMDJSON_PADDING");

/// The simdjson parser, kept out of the header (simdjson.h is large).
struct JsonDecoder::Parser {
    od::parser parser;
};

namespace {

/// Reads whether a document was consumed to its end: On-Demand checks trailing content only for scalar
/// documents, and simdjson 3.0.1 has no public accessor for it. Naming the protected member through a
/// derived class is the standard-conforming way to reach it.
struct DocumentEnd : od::document {
    static bool AtEnd(od::document& doc) { return (doc.*(&DocumentEnd::iter)).at_end(); }
};

std::string InvalidJson(simdjson::error_code error) {
    return std::string("invalid JSON (") + simdjson::error_message(error) + ")";
}

std::string_view TrimTrailingSpace(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}

bool IsTypeError(simdjson::error_code e) {
    return e == simdjson::INCORRECT_TYPE || e == simdjson::NUMBER_OUT_OF_RANGE;
}

const char* JsonTypeName(od::json_type t) {
    switch (t) {
    case od::json_type::array:
        return "a JSON array";
    case od::json_type::object:
        return "a JSON object";
    case od::json_type::number:
        return "a JSON number";
    case od::json_type::string:
        return "a JSON string";
    case od::json_type::boolean:
        return "a JSON boolean";
    case od::json_type::null:
        return "null";
    }
    return "a JSON value";
}

// Seconds since the epoch (integral or not) as microseconds; false when out of range.
bool EpochSecondsToMicros(od::value& v, int64_t* micros, simdjson::error_code* error) {
    od::number_type kind;
    if ((*error = v.get_number_type().get(kind)))
        return false;
    if (kind == od::number_type::signed_integer) {
        int64_t seconds;
        if ((*error = v.get_int64().get(seconds)))
            return false;
        return !__builtin_mul_overflow(seconds, kMicrosPerSecond, micros);
    }
    double seconds;
    if ((*error = v.get_double().get(seconds)))
        return false;
    double us = std::round(seconds * kMicrosPerSecond);
    if (!(us > -9.2e18 && us < 9.2e18))
        return false;
    *micros = static_cast<int64_t>(us);
    return true;
}

// Decodes one field value into its column. Returns true, or false with `reason` set.
bool DecodeValue(od::value& v, ColumnWriter& column, int64_t row, std::string* reason) {
    od::json_type type;
    if (auto e = v.type().get(type)) {
        *reason = InvalidJson(e);
        return false;
    }
    if (type == od::json_type::null) {
        bool is_null = false;
        if (auto e = v.is_null().get(is_null); e || !is_null) {
            *reason = InvalidJson(e ? e : simdjson::N_ATOM_ERROR);
            return false;
        }
        column.SetNull(row);
        return true;
    }
    const sl_type_id id = column.type().id;
    if (type == od::json_type::string) {
        std::string_view s;
        if (auto e = v.get_string().get(s)) {
            *reason = InvalidJson(e);
            return false;
        }
        if (id == SL_TYPE_STRING) {
            column.SetString(row, s);
            return true;
        }
        if (!column.ParseText(row, s)) {
            *reason = column.NotAValue(s);
            return false;
        }
        return true;
    }
    if (type == od::json_type::object || type == od::json_type::array) {
        if (id != SL_TYPE_STRING) {
            *reason = std::string(JsonTypeName(type)) + " is not " + column.TypeWithArticle();
            return false;
        }
        std::string_view text;
        simdjson::error_code e;
        if (type == od::json_type::object) {
            od::object object;
            e = v.get_object().get(object);
            if (!e)
                e = object.raw_json().get(text);
        } else {
            od::array array;
            e = v.get_array().get(array);
            if (!e)
                e = array.raw_json().get(text);
        }
        if (e) {
            *reason = InvalidJson(e);
            return false;
        }
        column.SetString(row, TrimTrailingSpace(text));
        return true;
    }
    std::string_view token = TrimTrailingSpace(v.raw_json_token());
    if (type == od::json_type::boolean) {
        bool b;
        if (auto e = v.get_bool().get(b)) {
            *reason = InvalidJson(e);
            return false;
        }
        if (id == SL_TYPE_BOOLEAN) {
            column.Set<uint8_t>(row, b ? 1 : 0);
            return true;
        }
        if (id == SL_TYPE_STRING) {
            column.SetString(row, token);
            return true;
        }
        *reason = column.NotAValue(token);
        return false;
    }
    // A number.
    simdjson::error_code e = simdjson::SUCCESS;
    bool ok = false;
    switch (id) {
    case SL_TYPE_INT:
    case SL_TYPE_BIGINT: {
        int64_t n;
        e = v.get_int64().get(n);
        ok = !e && (id == SL_TYPE_BIGINT || (n >= INT32_MIN && n <= INT32_MAX));
        if (ok && id == SL_TYPE_BIGINT)
            column.Set<int64_t>(row, n);
        else if (ok)
            column.Set<int32_t>(row, static_cast<int32_t>(n));
        break;
    }
    case SL_TYPE_DOUBLE: {
        double d;
        e = v.get_double().get(d);
        ok = !e;
        if (ok)
            column.Set<double>(row, d);
        break;
    }
    case SL_TYPE_TIMESTAMP: {
        int64_t micros;
        ok = EpochSecondsToMicros(v, &micros, &e);
        if (ok)
            column.Set<int64_t>(row, micros);
        break;
    }
    case SL_TYPE_DECIMAL:
    case SL_TYPE_INTERVAL:
        // The exact digits, not a double: DECIMAL(38, s) keeps every one.
        ok = column.ParseText(row, token);
        break;
    case SL_TYPE_STRING:
        // Make sure it is a number before keeping its text.
        e = v.get_number().error();
        ok = !e;
        if (ok)
            column.SetString(row, token);
        break;
    case SL_TYPE_BOOLEAN:
    case SL_TYPE_DATE:
        break;
    }
    if (ok)
        return true;
    *reason = e && !IsTypeError(e) ? InvalidJson(e) : column.NotAValue(token);
    return false;
}

} // namespace

JsonDecoder::JsonDecoder(const Schema& declared, const std::vector<int>& projection, BadRowHandler& bad_rows)
    : RowDecoder(declared, projection, bad_rows), parser_(std::make_unique<Parser>()) {
    for (const ColumnWriter& c : columns_)
        lower_names_.push_back(AsciiLower(c.name()));
    seen_.resize(columns_.size());
}

JsonDecoder::~JsonDecoder() = default;

int JsonDecoder::MatchColumn(std::string_view key, size_t ordinal) {
    if (ordinal >= hint_.size())
        hint_.resize(ordinal + 1, -1);
    int hint = hint_[ordinal];
    if (hint >= 0 && EqualsIgnoreCase(key, lower_names_[hint]))
        return hint;
    int found = -1;
    for (size_t c = 0; c < lower_names_.size(); ++c) {
        if (EqualsIgnoreCase(key, lower_names_[c])) {
            found = static_cast<int>(c);
            break;
        }
    }
    hint_[ordinal] = found;
    return found;
}

bool JsonDecoder::DecodeLine(const char* data, size_t len, size_t capacity, int64_t row, int64_t line) {
    const std::string_view raw(data, len);
    od::document doc;
    if (auto e = parser_->parser.iterate(data, len, capacity).get(doc)) {
        bad_rows_.Report(line, raw, "", InvalidJson(e));
        return false;
    }
    od::object object;
    if (auto e = doc.get_object().get(object)) {
        bad_rows_.Report(line, raw, "", e == simdjson::INCORRECT_TYPE ? "not a JSON object" : InvalidJson(e));
        return false;
    }
    std::fill(seen_.begin(), seen_.end(), 0);
    std::string reason;
    size_t ordinal = 0;
    for (auto field_result : object) {
        od::field field;
        std::string_view key;
        simdjson::error_code e = std::move(field_result).get(field);
        if (!e)
            e = field.unescaped_key().get(key);
        if (e) {
            bad_rows_.Report(line, raw, "", InvalidJson(e));
            return false;
        }
        int c = MatchColumn(key, ordinal++);
        if (c < 0)
            continue; // the iterator skips the value
        if (!DecodeValue(field.value(), columns_[c], row, &reason)) {
            bad_rows_.Report(line, raw, columns_[c].name(), reason);
            return false;
        }
        seen_[c] = 1;
    }
    if (!DocumentEnd::AtEnd(doc)) {
        bad_rows_.Report(line, raw, "", "invalid JSON (text after the object)");
        return false;
    }
    for (size_t c = 0; c < seen_.size(); ++c)
        if (!seen_[c])
            columns_[c].SetNull(row);
    return true;
}

size_t JsonDecoder::Decode(std::string_view input, bool at_end, Batch& out, int64_t max_rows,
                           RowOrigins* origins) {
    size_t pos;
    if (!StartDecode(input, at_end, &pos))
        return pos;
    BindColumns(out);
    const char* data = input.data();
    const size_t size = input.size();
    int64_t row = out.num_rows();
    while (row < max_rows && pos < size) {
        const void* hit = std::memchr(data + pos, '\n', size - pos);
        const size_t nl = hit != nullptr ? static_cast<size_t>(static_cast<const char*>(hit) - data) : size;
        if (nl - pos > max_record_bytes_) {
            pos = DropLongRecord(input, pos);
            if (skipping_line_)
                break;
            continue;
        }
        if (hit == nullptr && !at_end)
            break;
        const size_t start = pos;
        const int64_t line = line_++;
        pos = hit != nullptr ? nl + 1 : size;
        size_t end = nl;
        while (end > start && (data[end - 1] == '\r' || data[end - 1] == ' ' || data[end - 1] == '\t'))
            --end;
        size_t first = start;
        while (first < end && (data[first] == ' ' || data[first] == '\t'))
            ++first;
        if (first == end)
            continue; // blank line
        if (!DecodeLine(data + start, end - start, size - start + kDecodePadding, row, line))
            continue;
        if (origins != nullptr)
            origins->Add(input_, row, line);
        ++row;
    }
    out.set_num_rows(row);
    return pos;
}

} // namespace sluice::rt
