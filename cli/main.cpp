// loyalty: the engine on the command line, JSON in and out.
#include <cstdio>
#include <cstring>

#include "commands.h"

namespace {

const char* kUsage =
    "usage: loyalty COMMAND [options]\n"
    "  validate PROGRAM.json [--json]            check a program; exit 1 with field errors\n"
    "  quote --program P --customer C --cart CART [--now ISO8601]\n"
    "  quote-batch < CASES.jsonl                 one {program,customer,cart,now} per line\n"
    "  state-batch < CASES.jsonl                 the customer's state per case (what the server sends)\n"
    "  apply --program P --ledger LEDGER.jsonl --event EVENT.json [--customer C] [--now ISO8601]\n"
    "  state --program P --ledger LEDGER.jsonl [--customer C] [--now ISO8601]\n"
    "  simulate --program P --orders ORDERS.csv [--redeeming-percent 50] [--end ISO8601]\n"
    "  generate-orders --count N [--seed S] [--from ISO8601] [--to ISO8601]\n"
    "  referral-code (--make CUSTOMER_ID --seed S | --check CODE)\n"
    "Files may be '-' for standard input. Amounts are integer minor units.\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  loyalty_cli::Args args;
  for (int i = 2; i < argc; ++i) {
    std::string s = argv[i];
    if (s.rfind("--", 0) == 0 && s.size() > 2) {
      const bool flag = s == "--json" || i + 1 >= argc || std::strncmp(argv[i + 1], "--", 2) == 0;
      args.options[s.substr(2)] = flag ? "" : argv[++i];
    } else {
      args.positional.push_back(s);
    }
  }
  const std::string cmd = argv[1];
  if (cmd == "validate") return loyalty_cli::cmd_validate(args);
  if (cmd == "quote") return loyalty_cli::cmd_quote(args);
  if (cmd == "quote-batch") return loyalty_cli::cmd_quote_batch(args);
  if (cmd == "state-batch") return loyalty_cli::cmd_state_batch(args);
  if (cmd == "apply") return loyalty_cli::cmd_apply(args);
  if (cmd == "state") return loyalty_cli::cmd_state(args);
  if (cmd == "simulate") return loyalty_cli::cmd_simulate(args);
  if (cmd == "generate-orders") return loyalty_cli::cmd_generate_orders(args);
  if (cmd == "referral-code") return loyalty_cli::cmd_referral_code(args);
  std::fprintf(stderr, "loyalty: unknown command '%s'\n%s", cmd.c_str(), kUsage);
  return 2;
}
