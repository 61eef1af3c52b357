#!/usr/bin/env python3
"""Measures the release binary: time from start to its first answer, and idle memory (RSS).

Runs a minimal Bot API stand-in on 127.0.0.1 (getMe, getUpdates with one /help, sendMessage),
starts `target/release/fellowship-bot run` against it with a fresh SQLite file, and prints:
  start-up to first answer: N ms
  idle RSS after 10 s: N MiB
Usage: cargo build --release && python3 tools/measure_startup.py
"""
import json, os, subprocess, sys, tempfile, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

answered = threading.Event()
update_sent = threading.Event()

class Api(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        method = self.path.rsplit("/", 1)[-1].lower()
        length = int(self.headers.get("Content-Length", 0))
        body = json.loads(self.rfile.read(length) or b"{}")
        result = True
        if method == "getme":
            result = {"id": 1, "is_bot": True, "first_name": "Bot", "username": "MeasureBot",
                      "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False,
                      "can_connect_to_business": False, "has_main_web_app": False}
        elif method == "getwebhookinfo":
            result = {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        elif method == "getupdates":
            if not update_sent.is_set() and (body.get("offset") or 0) <= 1:
                update_sent.set()
                result = [{"update_id": 1, "message": {"message_id": 1, "date": int(time.time()),
                           "chat": {"id": 5, "type": "private", "first_name": "F"},
                           "from": {"id": 5, "is_bot": False, "first_name": "F"}, "text": "/help",
                           "entities": [{"type": "bot_command", "offset": 0, "length": 5}]}}]
            else:
                time.sleep(min(body.get("timeout") or 0, 1))
                result = []
        elif method == "sendmessage":
            answered.set()
            result = {"message_id": 2, "date": int(time.time()), "chat": {"id": 5, "type": "private", "first_name": "F"},
                      "text": body.get("text", "")}
        data = json.dumps({"ok": True, "result": result}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # the bot closing its long poll at exit is expected

def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    binary = os.path.join(root, "target", "release", "fellowship-bot")
    server = QuietServer(("127.0.0.1", 0), Api)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with tempfile.TemporaryDirectory() as data:
        env = {"PATH": os.environ.get("PATH", ""), "TELOXIDE_TOKEN": "123456:MEASURE-token-abcdefghijklmnopqrstu",
               "TELOXIDE_API_URL": f"http://127.0.0.1:{server.server_port}", "CONTENT_DIR": os.path.join(root, "content"),
               "DATABASE_URL": f"sqlite://{data}/bot.db", "RUST_LOG": "warn"}
        started = time.monotonic()
        bot = subprocess.Popen([binary, "run"], env=env)
        if not answered.wait(30):
            bot.kill()
            sys.exit("the bot did not answer within 30 s")
        print(f"start-up to first answer: {(time.monotonic() - started) * 1000:.0f} ms")
        time.sleep(10)
        with open(f"/proc/{bot.pid}/status") as status:
            rss = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
        print(f"idle RSS after 10 s: {rss / 1024:.1f} MiB")
        bot.terminate()
        print(f"exit code after SIGTERM: {bot.wait(30)}")

if __name__ == "__main__":
    main()
