#include "codegen/operator/aggregate_translator.h"

#include <cmath>

#include <llvm/IR/Intrinsics.h>

#include "codegen/codegen.h"
#include "codegen/operator/key_codec.h"

namespace sluice::codegen {

using plan::AggregateKind;

namespace {

/// 10^n as an i128 constant (n <= 38).
llvm::Constant* Pow10(CodegenContext& cg, int n) {
    __int128 v = 1;
    for (int i = 0; i < n; ++i)
        v *= 10;
    const uint64_t words[2] = {static_cast<uint64_t>(v), static_cast<uint64_t>(v >> 64)};
    return llvm::ConstantInt::get(cg.I128(), llvm::APInt(128, words));
}

/// `value` of `from` as a value of the numeric type `to` (integer widening, to DOUBLE; DECIMAL scales
/// are equal by the binder's typing).
llvm::Value* Widen(FunctionBuilder& fb, llvm::Value* value, const Type& from, const Type& to) {
    llvm::IRBuilder<>& b = fb.b();
    if (to.id == TypeId::Double)
        return from.id == TypeId::Double ? value
               : from.id == TypeId::Decimal
                   ? b.CreateFDiv(b.CreateSIToFP(value, fb.cg().F64()),
                                  llvm::ConstantFP::get(fb.cg().F64(), std::pow(10.0, from.scale)))
                   : b.CreateSIToFP(value, fb.cg().F64());
    llvm::Type* target = fb.cg().ValueType(to);
    return value->getType() == target ? value : b.CreateSExt(value, target);
}

/// Whether a row takes part in an aggregate: its FILTER holds (when it has one).
llvm::Value* Passes(FunctionBuilder& fb, const std::vector<SqlValue>& args, const plan::AggregateCall& call) {
    if (call.filter < 0)
        return fb.b().getTrue();
    const SqlValue& f = args.back();
    return fb.b().CreateAnd(fb.b().CreateNot(f.is_null), f.value);
}

llvm::Value* LateRow(FunctionBuilder& fb, const SqlValue& time, llvm::Value* watermark) {
    return fb.b().CreateOr(time.is_null, fb.b().CreateICmpSLE(time.value, watermark), "late");
}

/// The expiry of a new state entry: its time plus the delay, or never without a time.
llvm::Value* Expiry(FunctionBuilder& fb, const plan::StateExpiry& e, const SqlValue& time) {
    llvm::IRBuilder<>& b = fb.b();
    return e.expiry_column >= 0 ? b.CreateAdd(time.value, b.getInt64(e.expiry_delay_us), "expiry")
                                : b.getInt64(INT64_MAX);
}

/// After the loop: hands the late rows counted in `late` to the table (progress).
void CountLate(FunctionBuilder& fb, llvm::Value* table, Variable& late, const std::string& name) {
    llvm::IRBuilder<>& b = fb.b();
    llvm::Value* n = late.Get();
    If(fb, b.CreateICmpSGT(n, b.getInt64(0)), name + ".count_late", name + ".counted", [&] {
        b.CreateCall(fb.cg().Runtime(RuntimeFn::sl_rt_state_count_late), {table, n});
    });
}

} // namespace

llvm::Value* AggregateState::Field(llvm::Value* value, int32_t offset) {
    return fb_.b().CreateConstInBoundsGEP1_64(fb_.cg().I8(), value, static_cast<uint64_t>(offset));
}

SqlValue AggregateState::Load(const Type& type, llvm::Value* ptr) {
    llvm::IRBuilder<>& b = fb_.b();
    llvm::Value* v = b.CreateAlignedLoad(fb_.cg().StorageType(type), ptr, llvm::MaybeAlign(1));
    if (type.id == TypeId::Boolean)
        v = b.CreateICmpNE(v, b.getInt8(0));
    return {v, b.getFalse()};
}

void AggregateState::Store(const Type& type, llvm::Value* ptr, llvm::Value* v, llvm::Value* state) {
    llvm::IRBuilder<>& b = fb_.b();
    if (type.id == TypeId::Boolean) {
        v = b.CreateZExt(v, fb_.cg().I8());
    } else if (type.id == TypeId::String) {
        // The bytes move into the state: the batch they came from goes away.
        llvm::Value* len = strings_.Length(v);
        llvm::Value* copy = b.CreateCall(fb_.cg().Runtime(RuntimeFn::sl_rt_state_alloc), {state, len});
        b.CreateMemCpy(copy, llvm::MaybeAlign(1), strings_.Data(v), llvm::MaybeAlign(1), len);
        v = b.CreateInsertValue(v, copy, 1);
    }
    b.CreateAlignedStore(v, ptr, llvm::MaybeAlign(1));
}

// ---- update side ----

void AggregateUpdateTranslator::Init() {
    CodegenContext& cg = fb_.cg();
    llvm::IRBuilder<>& b = fb_.b();
    fb_.AtEntry([&] {
        table_ = b.CreateCall(cg.Runtime(RuntimeFn::sl_rt_ctx_state),
                              {fb_.Ctx(), b.getInt32(aggregate_.state_table)}, "groups");
        for (const plan::AggregateCall& call : aggregate_.aggregates)
            distinct_tables_.push_back(call.distinct_table < 0
                                           ? nullptr
                                           : b.CreateCall(cg.Runtime(RuntimeFn::sl_rt_ctx_state),
                                                          {fb_.Ctx(), b.getInt32(call.distinct_table)},
                                                          "distinct"));
        late_watermark_ = b.CreateCall(cg.Runtime(RuntimeFn::sl_rt_ctx_watermark),
                                       {fb_.Ctx(), b.getInt32(SL_WATERMARK_LATE)}, "late_wm");
    });
    is_new_ = fb_.EntryAlloca(cg.I32(), "is_new");
    late_rows_ = std::make_unique<Variable>(fb_, cg.I64(), Name() + ".late", b.getInt64(0));
}

void AggregateUpdateTranslator::Consume(RowValues& row) {
    OperatorScope scope(fb_, node_.id);
    CodegenContext& cg = fb_.cg();
    llvm::IRBuilder<>& b = fb_.b();
    // Every column first, at the top level (RowValues' rule), then the branches.
    const SqlValue key = row.Column(aggregate_.key_column);
    const SqlValue hash = row.Column(aggregate_.hash_column);
    const plan::StateExpiry& e = aggregate_.expiry;
    const SqlValue late_time = e.late_column >= 0 ? row.Column(e.late_column) : SqlValue{};
    const SqlValue expiry_time = e.expiry_column >= 0 ? row.Column(e.expiry_column) : SqlValue{};
    std::vector<std::vector<SqlValue>> args;
    for (const plan::AggregateCall& call : aggregate_.aggregates) {
        std::vector<SqlValue> a;
        for (int c : call.args)
            a.push_back(row.Column(c));
        if (call.filter >= 0)
            a.push_back(row.Column(call.filter));
        args.push_back(std::move(a));
    }
    llvm::Value* late = b.getFalse();
    if (e.late_column >= 0) {
        late = LateRow(fb_, late_time, late_watermark_);
        late_rows_->Set(b.CreateAdd(late_rows_->Get(), b.CreateZExt(late, cg.I64())));
    }
    If(fb_, b.CreateNot(late), Name() + ".update", Name() + ".next", [&] {
        llvm::Value* expiry = Expiry(fb_, e, expiry_time);
        llvm::Value* len = b.CreateTrunc(state_.strings().Length(key.value), cg.I32());
        llvm::Value* value = b.CreateCall(
            cg.Runtime(RuntimeFn::sl_rt_state_upsert),
            {table_, hash.value, state_.strings().Data(key.value), len, expiry, is_new_}, "group");
        for (size_t i = 0; i < aggregate_.aggregates.size(); ++i)
            Update(aggregate_.aggregates[i], args[i], Passes(fb_, args[i], aggregate_.aggregates[i]), value,
                   key, expiry);
    });
}

void AggregateUpdateTranslator::Update(const plan::AggregateCall& call, const std::vector<SqlValue>& args,
                                       llvm::Value* pass, llvm::Value* value, const SqlValue& key,
                                       llvm::Value* expiry) {
    CodegenContext& cg = fb_.cg();
    llvm::IRBuilder<>& b = fb_.b();
    const plan::Schema& in = aggregate_.inputs[0]->schema;
    const std::string name = Name() + "." + plan::AggregateKindName(call.kind);
    auto field = [&](size_t i) { return state_.Field(value, call.fields.at(i)); };
    auto increment = [&](llvm::Value* ptr, llvm::Value* by) {
        llvm::Value* n = b.CreateAlignedLoad(cg.I64(), ptr, llvm::MaybeAlign(1));
        b.CreateAlignedStore(b.CreateAdd(n, by), ptr, llvm::MaybeAlign(1));
    };
    const SqlValue arg = call.args.empty() ? SqlValue{} : args[0];
    llvm::Value* live = call.args.empty() ? pass : b.CreateAnd(pass, b.CreateNot(arg.is_null));
    const Type arg_type = call.args.empty() ? Type::Null() : in.at(call.args[0]).type;

    If(fb_, live, name, name + ".done", [&] {
        switch (call.kind) {
        case AggregateKind::CountStar:
        case AggregateKind::Count:
            increment(field(0), b.getInt64(1));
            break;
        case AggregateKind::CountDistinct: {
            // The value is a key of the distinct table, after the group's key: new there, one more here.
            KeyBytes group{state_.strings().Data(key.value), state_.strings().Length(key.value)};
            KeyBytes distinct = EncodeKey(fb_, {arg}, {arg_type}, &group);
            b.CreateCall(cg.Runtime(RuntimeFn::sl_rt_state_upsert),
                         {distinct_tables_[&call - aggregate_.aggregates.data()], HashKey(fb_, distinct),
                          distinct.data, b.CreateTrunc(distinct.len, cg.I32()), expiry, is_new_});
            increment(field(0), b.CreateSExt(b.CreateLoad(cg.I32(), is_new_), cg.I64()));
            break;
        }
        case AggregateKind::Sum:
        case AggregateKind::Avg: {
            const Type sum_type = call.kind == AggregateKind::Sum
                                      ? call.result_type
                                      : (arg_type.id == TypeId::Decimal ? arg_type : Type::Double());
            llvm::Value* x = Widen(fb_, arg.value, arg_type, sum_type);
            llvm::Value* sum = state_.Load(sum_type, field(0)).value;
            llvm::Value* next;
            if (sum_type.id == TypeId::Double) {
                next = b.CreateFAdd(sum, x);
            } else {
                llvm::Value* with = b.CreateBinaryIntrinsic(llvm::Intrinsic::sadd_with_overflow, sum, x);
                next = b.CreateExtractValue(with, 0);
                llvm::Value* overflow = b.CreateExtractValue(with, 1);
                if (sum_type.id == TypeId::Decimal) {
                    llvm::Constant* bound = Pow10(cg, sum_type.precision);
                    overflow = b.CreateOr(overflow, b.CreateOr(b.CreateICmpSGE(next, bound),
                                                               b.CreateICmpSLE(next, b.CreateNeg(bound))));
                }
                fb_.RaiseIf(overflow, SL_ERR_OVERFLOW,
                            call.kind == AggregateKind::Sum ? "SUM overflowed its result type"
                                                            : "AVG's sum overflowed");
            }
            b.CreateAlignedStore(next, field(0), llvm::MaybeAlign(1));
            if (call.kind == AggregateKind::Sum)
                b.CreateStore(b.getInt8(1), field(1));
            else
                increment(field(1), b.getInt64(1));
            break;
        }
        case AggregateKind::Min:
        case AggregateKind::Max: {
            llvm::Value* has = b.CreateICmpNE(b.CreateLoad(cg.I8(), field(1)), b.getInt8(0));
            llvm::Value* current = state_.Load(arg_type, field(0)).value;
            const plan::ExprOp op = call.kind == AggregateKind::Min ? plan::ExprOp::Lt : plan::ExprOp::Gt;
            llvm::Value* better = IfElseValue(
                fb_, has, name + ".cmp",
                [&] { return state_.compare().Compare(op, arg_type, arg.value, current); },
                [&] { return b.getTrue(); });
            If(fb_, better, name + ".store", name + ".kept", [&] {
                state_.Store(arg_type, field(0), arg.value, table_);
                b.CreateStore(b.getInt8(1), field(1));
            });
            break;
        }
        case AggregateKind::MinBy:
        case AggregateKind::MaxBy:
            break; // handled below: the ordering value, not the result, must be present
        case AggregateKind::ApproxCountDistinct: {
            KeyBytes bytes = EncodeKey(fb_, {arg}, {arg_type});
            llvm::Value* h = HashKey(fb_, bytes);
            llvm::Value* index = b.CreateLShr(h, 64 - 9, "hll.index");
            // Rank: leading zeros of the remaining 55 bits, plus one.
            llvm::Value* rest = b.CreateOr(b.CreateShl(h, 9), b.getInt64(1ull << 8));
            llvm::Value* rank = b.CreateAdd(
                b.CreateBinaryIntrinsic(llvm::Intrinsic::ctlz, rest, b.getFalse()), b.getInt64(1));
            llvm::Value* reg_ptr = b.CreateInBoundsGEP(cg.I8(), field(0), index);
            llvm::Value* reg = b.CreateZExt(b.CreateLoad(cg.I8(), reg_ptr), cg.I64());
            b.CreateStore(b.CreateTrunc(b.CreateSelect(b.CreateICmpUGT(rank, reg), rank, reg), cg.I8()),
                          reg_ptr);
            break;
        }
        }
    });
    if (call.kind != AggregateKind::MinBy && call.kind != AggregateKind::MaxBy)
        return;
    // MIN_BY(x, y): the row with the smallest non-NULL y gives x (which may be NULL).
    const SqlValue& y = args[1];
    const Type y_type = in.at(call.args[1]).type;
    If(fb_, b.CreateAnd(pass, b.CreateNot(y.is_null)), name, name + ".done", [&] {
        llvm::Value* has = b.CreateICmpNE(b.CreateLoad(cg.I8(), field(2)), b.getInt8(0));
        llvm::Value* current = state_.Load(y_type, field(0)).value;
        const plan::ExprOp op = call.kind == AggregateKind::MinBy ? plan::ExprOp::Lt : plan::ExprOp::Gt;
        llvm::Value* better = IfElseValue(
            fb_, has, name + ".cmp", [&] { return state_.compare().Compare(op, y_type, y.value, current); },
            [&] { return b.getTrue(); });
        If(fb_, better, name + ".store", name + ".kept", [&] {
            state_.Store(y_type, field(0), y.value, table_);
            b.CreateStore(b.getInt8(1), field(2));
            b.CreateStore(b.CreateZExt(arg.is_null, cg.I8()), field(3));
            If(fb_, b.CreateNot(arg.is_null), name + ".x", name + ".x.done",
               [&] { state_.Store(arg_type, field(1), arg.value, table_); });
        });
    });
}

void AggregateUpdateTranslator::Finish() {
    if (aggregate_.expiry.late_column >= 0)
        CountLate(fb_, table_, *late_rows_, Name());
}

// ---- emit side ----

void AggregateEmitTranslator::Init() {
    CodegenContext& cg = fb_.cg();
    llvm::IRBuilder<>& b = fb_.b();
    fb_.AtEntry([&] {
        table_ = b.CreateCall(cg.Runtime(RuntimeFn::sl_rt_ctx_state),
                              {fb_.Ctx(), b.getInt32(aggregate_.state_table)}, "groups");
    });
    rc_ = std::make_unique<Variable>(fb_, cg.I32(), "rc", b.getInt32(SL_OK));
}

void AggregateEmitTranslator::Produce() {
    OperatorScope scope(fb_, node_.id);
    CodegenContext& cg = fb_.cg();
    llvm::IRBuilder<>& b = fb_.b();
    llvm::Value* key_slot = fb_.EntryAlloca(cg.Ptr(), "key.slot");
    llvm::Value* len_slot = fb_.EntryAlloca(cg.I32(), "key_len.slot");
    llvm::Value* value_slot = fb_.EntryAlloca(cg.Ptr(), "value.slot");
    llvm::Value* first_row = nullptr;
    llvm::Value* capacity = nullptr;
    fb_.AtEntry([&] {
        first_row = b.CreateLoad(cg.I64(), b.CreateStructGEP(cg.BatchType(), fb_.Out(), 0), "out.first_row");
        capacity = b.CreateLoad(cg.I64(), b.CreateStructGEP(cg.BatchType(), fb_.Out(), 1), "out.capacity");
    });
    Variable emitted(fb_, cg.I64(), Name() + ".emitted", b.getInt64(0));
    const plan::Schema& in = aggregate_.inputs[0]->schema;
    std::vector<Type> key_types;
    for (int k : aggregate_.keys)
        key_types.push_back(in.at(k).type);

    Loop(fb_, Name() + ".emit", [&](const std::function<void(llvm::Value*)>& exit_if) {
        // Room for everything the next group can make, or stop and be called again with an empty `out`.
        llvm::Value* needed = b.CreateAdd(
            first_row, b.CreateMul(b.CreateAdd(emitted.Get(), b.getInt64(1)), b.getInt64(rows_per_entry_)));
        llvm::Value* full = b.CreateICmpSGT(needed, capacity);
        rc_->Set(b.CreateSelect(full, b.getInt32(SL_OUTPUT_FULL), b.getInt32(SL_OK)));
        exit_if(full);
        llvm::Value* more =
            b.CreateCall(cg.Runtime(RuntimeFn::sl_rt_state_next), {table_, key_slot, len_slot, value_slot});
        exit_if(b.CreateICmpEQ(more, b.getInt32(0)));
        llvm::Value* key = b.CreateLoad(cg.Ptr(), key_slot, "key");
        llvm::Value* value = b.CreateLoad(cg.Ptr(), value_slot, "value");
        RowValues row(aggregate_.schema);
        std::vector<SqlValue> keys = DecodeKey(fb_, key, key_types);
        for (size_t k = 0; k < keys.size(); ++k)
            row.Set(static_cast<int>(k), keys[k]);
        for (size_t a = 0; a < aggregate_.aggregates.size(); ++a)
            row.Set(static_cast<int>(keys.size() + a), Result(aggregate_.aggregates[a], value));
        parent().Consume(row);
        emitted.Set(b.CreateAdd(emitted.Get(), b.getInt64(1)));
    });
}

SqlValue AggregateEmitTranslator::Result(const plan::AggregateCall& call, llvm::Value* value) {
    CodegenContext& cg = fb_.cg();
    llvm::IRBuilder<>& b = fb_.b();
    const plan::Schema& in = aggregate_.inputs[0]->schema;
    auto field = [&](size_t i) { return state_.Field(value, call.fields.at(i)); };
    auto flag = [&](size_t i) { return b.CreateICmpNE(b.CreateLoad(cg.I8(), field(i)), b.getInt8(0)); };
    switch (call.kind) {
    case AggregateKind::CountStar:
    case AggregateKind::Count:
    case AggregateKind::CountDistinct:
        return {b.CreateAlignedLoad(cg.I64(), field(0), llvm::MaybeAlign(1)), b.getFalse()};
    case AggregateKind::Sum:
    case AggregateKind::Min:
    case AggregateKind::Max:
        return {state_.Load(call.result_type, field(0)).value, b.CreateNot(flag(1))};
    case AggregateKind::MinBy:
    case AggregateKind::MaxBy:
        return {state_.Load(call.result_type, field(1)).value, b.CreateOr(b.CreateNot(flag(2)), flag(3))};
    case AggregateKind::ApproxCountDistinct:
        return {b.CreateCall(cg.Runtime(RuntimeFn::sl_rt_hll_estimate), {field(0)}), b.getFalse()};
    case AggregateKind::Avg: {
        llvm::Value* count = b.CreateAlignedLoad(cg.I64(), field(1), llvm::MaybeAlign(1), "avg.count");
        llvm::Value* none = b.CreateICmpEQ(count, b.getInt64(0));
        // A count of one where there is none keeps the division harmless; the value is NULL anyway.
        llvm::Value* divisor = b.CreateSelect(none, b.getInt64(1), count);
        const Type& arg = in.at(call.args[0]).type;
        if (arg.id != TypeId::Decimal) {
            llvm::Value* sum = b.CreateAlignedLoad(cg.F64(), field(0), llvm::MaybeAlign(1));
            return {b.CreateFDiv(sum, b.CreateSIToFP(divisor, cg.F64())), none};
        }
        // sum * 10^(result scale - argument scale) / count, rounded half away from zero.
        llvm::Value* sum = b.CreateAlignedLoad(cg.I128(), field(0), llvm::MaybeAlign(1));
        llvm::Value* scaled = b.CreateMul(sum, Pow10(cg, call.result_type.scale - arg.scale));
        llvm::Value* n = b.CreateSExt(divisor, cg.I128());
        llvm::Value* q = b.CreateSDiv(scaled, n);
        llvm::Value* r = b.CreateSRem(scaled, n);
        llvm::Value* abs_r2 = b.CreateMul(
            b.CreateSelect(b.CreateICmpSLT(r, llvm::ConstantInt::get(cg.I128(), 0)), b.CreateNeg(r), r),
            llvm::ConstantInt::get(cg.I128(), 2));
        llvm::Value* round = b.CreateICmpSGE(abs_r2, n);
        llvm::Value* step =
            b.CreateSelect(b.CreateICmpSLT(scaled, llvm::ConstantInt::get(cg.I128(), 0)),
                           llvm::ConstantInt::get(cg.I128(), -1), llvm::ConstantInt::get(cg.I128(), 1));
        return {b.CreateSelect(round, b.CreateAdd(q, step), q), none};
    }
    }
    throw CodegenError("codegen: unknown aggregate");
}

void AggregateEmitTranslator::Consume(RowValues&) {
    throw CodegenError("codegen: an aggregation's emit side consumes no rows");
}

// ---- deduplication ----

void DedupTranslator::Init() {
    CodegenContext& cg = fb_.cg();
    llvm::IRBuilder<>& b = fb_.b();
    fb_.AtEntry([&] {
        table_ = b.CreateCall(cg.Runtime(RuntimeFn::sl_rt_ctx_state),
                              {fb_.Ctx(), b.getInt32(dedup_.state_table)}, "keys");
        late_watermark_ = b.CreateCall(cg.Runtime(RuntimeFn::sl_rt_ctx_watermark),
                                       {fb_.Ctx(), b.getInt32(SL_WATERMARK_LATE)}, "late_wm");
    });
    is_new_ = fb_.EntryAlloca(cg.I32(), "is_new");
    late_rows_ = std::make_unique<Variable>(fb_, cg.I64(), Name() + ".late", b.getInt64(0));
}

void DedupTranslator::Consume(RowValues& row) {
    OperatorScope scope(fb_, node_.id);
    CodegenContext& cg = fb_.cg();
    llvm::IRBuilder<>& b = fb_.b();
    StdlibCall calls(fb_);
    StringEmitter strings(fb_, calls);
    const SqlValue key = row.Column(dedup_.key_column);
    const SqlValue hash = row.Column(dedup_.hash_column);
    const plan::StateExpiry& e = dedup_.expiry;
    const SqlValue late_time = e.late_column >= 0 ? row.Column(e.late_column) : SqlValue{};
    const SqlValue expiry_time = e.expiry_column >= 0 ? row.Column(e.expiry_column) : SqlValue{};
    llvm::Value* late = b.getFalse();
    if (e.late_column >= 0) {
        late = LateRow(fb_, late_time, late_watermark_);
        late_rows_->Set(b.CreateAdd(late_rows_->Get(), b.CreateZExt(late, cg.I64())));
    }
    If(fb_, b.CreateNot(late), Name() + ".check", Name() + ".next", [&] {
        llvm::Value* expiry = Expiry(fb_, e, expiry_time);
        b.CreateCall(cg.Runtime(RuntimeFn::sl_rt_state_upsert),
                     {table_, hash.value, strings.Data(key.value),
                      b.CreateTrunc(strings.Length(key.value), cg.I32()), expiry, is_new_});
        llvm::Value* is_new = b.CreateICmpNE(b.CreateLoad(cg.I32(), is_new_), b.getInt32(0));
        If(fb_, is_new, Name() + ".first", Name() + ".seen", [&] { parent().Consume(row); });
    });
}

void DedupTranslator::Finish() {
    if (dedup_.expiry.late_column >= 0)
        CountLate(fb_, table_, *late_rows_, Name());
}

} // namespace sluice::codegen
