#include "runtime/formats/csv_encoder.h"

#include "runtime/engine/source.h"

namespace sluice::rt {

CsvEncoder::CsvEncoder(Schema schema, CsvOptions options)
    : RowEncoder(std::move(schema)), options_(std::move(options)) {
    special_[static_cast<unsigned char>(options_.delimiter)] = true;
    special_['\n'] = true;
    special_['\r'] = true;
    if (options_.quote != '\0')
        special_[static_cast<unsigned char>(options_.quote)] = true;
}

void CsvEncoder::AppendField(std::string& out, std::string_view text, int col) const {
    bool quote = text == options_.null_value || (text.empty() && schema_.size() == 1);
    bool special = false;
    for (char c : text) {
        if (special_[static_cast<unsigned char>(c)]) {
            special = true;
            break;
        }
    }
    if (options_.quote == '\0') {
        if (special)
            throw QueryError("csv output: a value of column '" + schema_[col].name +
                             "' contains the delimiter or a line break, and quoting is off (quote = '')");
        out.append(text);
        return;
    }
    if (!quote && !special) {
        out.append(text);
        return;
    }
    out.push_back(options_.quote);
    size_t run = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == options_.quote) {
            out.append(text.data() + run, i + 1 - run);
            out.push_back(options_.quote); // doubled
            run = i + 1;
        }
    }
    out.append(text.data() + run, text.size() - run);
    out.push_back(options_.quote);
}

void CsvEncoder::BeginFile(std::string& out) {
    if (!options_.header)
        return;
    for (size_t c = 0; c < schema_.size(); ++c) {
        if (c > 0)
            out.push_back(options_.delimiter);
        AppendField(out, schema_[c].name, static_cast<int>(c));
    }
    out.push_back('\n');
}

void CsvEncoder::Encode(const Batch& rows, std::string& out) {
    const int num_columns = rows.num_columns();
    const int64_t num_rows = rows.num_rows();
    char buf[kValueBufferBytes];
    for (int64_t r = 0; r < num_rows; ++r) {
        for (int c = 0; c < num_columns; ++c) {
            if (c > 0)
                out.push_back(options_.delimiter);
            if (rows.IsNull(c, r)) {
                out.append(options_.null_value);
            } else if (schema_[c].type.id == SL_TYPE_STRING) {
                AppendField(out, Batch::ToStringView(rows.Values<sl_str>(c)[r]), c);
            } else {
                AppendField(out, std::string_view(buf, FormatValue(rows, c, r, buf)), c);
            }
        }
        out.push_back('\n');
    }
}

} // namespace sluice::rt
