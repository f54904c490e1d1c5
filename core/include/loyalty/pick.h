// A shopper's pick of points for a variable reward: valid or not is decided
// here (with redeem_option's bounds), so the widget's points picker only
// renders the answer.
#pragma once

#include "loyalty/money.h"
#include "loyalty/program.h"
#include "loyalty/result.h"

namespace loyalty {

// What `points` of `r` are worth (variable_value: whole steps within its min
// and max) for a shopper whose balance is `balance`: also no more than it
// allows (redeem_option's `most`); errors at /points.
Result<Money> variable_value(const Reward& r, Points points, Points balance);

}  // namespace loyalty
