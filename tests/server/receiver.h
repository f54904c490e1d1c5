// A notification receiver for the tests: a real HTTP server on loopback that
// answers 503 while told to fail, records every attempt and keeps the bodies
// it accepted (2xx), with their headers.
#pragma once
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>

namespace test {

struct Received {
  std::string body;
  httplib::Headers headers;
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

class Receiver {
 public:
  Receiver() {
    server_.Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu_);
      ++attempts_;
      if (failing_) {
        res.status = 503;
        return;
      }
      accepted_.push_back({req.body, req.headers});
      res.status = 204;
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~Receiver() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  void fail(bool on) {
    std::lock_guard<std::mutex> lock(mu_);
    failing_ = on;
  }
  int attempts() {
    std::lock_guard<std::mutex> lock(mu_);
    return attempts_;
  }
  std::vector<Received> accepted() {
    std::lock_guard<std::mutex> lock(mu_);
    return accepted_;
  }
  // Waits up to `seconds` for `pred(accepted())`; true when it held.
  bool wait_for(const std::function<bool(const std::vector<Received>&)>& pred, double seconds = 10) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(static_cast<int>(seconds * 1000));
    while (std::chrono::steady_clock::now() < end) {
      if (pred(accepted())) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return pred(accepted());
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mu_;
  bool failing_ = false;
  int attempts_ = 0;
  std::vector<Received> accepted_;
};

}  // namespace test
