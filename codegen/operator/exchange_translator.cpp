#include "codegen/operator/exchange_translator.h"

#include "codegen/operator/key_codec.h"

namespace sluice::codegen {

void ExchangeWriteTranslator::Consume(RowValues& row) {
    OperatorScope scope(fb_, node_.id);
    llvm::IRBuilder<>& b = fb_.b();
    std::vector<SqlValue> keys;
    std::vector<Type> types;
    for (int k : exchange_.keys) {
        keys.push_back(row.Column(k));
        types.push_back(row.schema()[k].type);
    }
    KeyBytes key = EncodeKey(fb_, keys, types);
    llvm::Value* hash = HashKey(fb_, key);

    const int width = static_cast<int>(row.size());
    RowValues out(exchange_.schema);
    for (int c = 0; c < width; ++c)
        out.SetProducer(c, [&row, c] { return row.Column(c); });
    llvm::Value* str = llvm::UndefValue::get(fb_.cg().StrType());
    str = b.CreateInsertValue(str, key.len, 0);
    str = b.CreateInsertValue(str, key.data, 1);
    out.Set(width, {str, b.getFalse()});
    out.Set(width + 1, {hash, b.getFalse()});
    writer_.Consume(out);
}

} // namespace sluice::codegen
