#pragma once

#include "runtime/formats/row_decoder.h"

namespace sluice::rt {

/// Decodes text: every line (LF or CRLF, the break removed) is one row of the single STRING column; an
/// empty line is an empty string. The declared schema must be exactly one STRING column; with an empty
/// projection (e.g. COUNT(*)) lines are only counted. The only bad rows are lines longer than
/// max_record_bytes().
class TextDecoder : public RowDecoder {
public:
    TextDecoder(const Schema& declared, const std::vector<int>& projection, BadRowHandler& bad_rows);

    size_t Decode(std::string_view input, bool at_end, Batch& out, int64_t max_rows,
                  RowOrigins* origins) override;
};

} // namespace sluice::rt
