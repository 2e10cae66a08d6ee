#include "codegen/operator/window_translator.h"

#include "codegen/ir/control_flow.h"

namespace sluice::codegen {

void WindowAssignTranslator::Consume(RowValues& row) {
    llvm::IRBuilder<>& b = fb_.b();
    const SqlValue time = row.Column(window_.time_column);
    If(fb_, b.CreateNot(time.is_null), Name() + ".timed", Name() + ".untimed", [&] {
        // The latest window start at or before t: t - floormod(t - offset, slide).
        llvm::Value* slide = b.getInt64(window_.slide_us);
        llvm::Value* rem = b.CreateSRem(b.CreateSub(time.value, b.getInt64(window_.offset_us)), slide);
        rem = b.CreateSelect(b.CreateICmpSLT(rem, b.getInt64(0)), b.CreateAdd(rem, slide), rem);
        llvm::Value* last_start = b.CreateSub(time.value, rem, Name() + ".last_start");
        const int64_t windows = (window_.size_us + window_.slide_us - 1) / window_.slide_us;
        const int width = static_cast<int>(row.size());
        CountedLoop(fb_, b.getInt64(0), b.getInt64(windows), Name() + ".window", [&](llvm::Value* k) {
            llvm::Value* start = b.CreateSub(last_start, b.CreateMul(k, slide), "window_start");
            llvm::Value* end = b.CreateAdd(start, b.getInt64(window_.size_us), "window_end");
            If(fb_, b.CreateICmpSLT(time.value, end), Name() + ".covers", Name() + ".next", [&] {
                RowValues out(window_.schema);
                for (int c = 0; c < width; ++c)
                    out.SetProducer(c, [&row, c] { return row.Column(c); });
                out.Set(width, {start, b.getFalse()});
                out.Set(width + 1, {end, b.getFalse()});
                parent().Consume(out);
            });
        });
    });
}

} // namespace sluice::codegen
