from accounts.importers import ImportCommand
from projects.ledger import import_ledger, read_ledger

SYSTEM_USERNAME = "ledger-import"


class Command(ImportCommand):
    help = (
        "导入招商台账（.xlsx，工作表 projects/contracts/starts/funds）。全部正确才保存：任何一行有错则列出每个错误"
        "（工作表、行、列、原因）并以状态 1 退出，数据库不变。同一文件重复导入不会新增任何内容。"
    )
    capability, what = "records.import", "台账"
    system_username, system_name = SYSTEM_USERNAME, "台账导入（系统）"

    def run_import(self, data: bytes, *, by, source: str, dry_run: bool):
        return import_ledger(read_ledger(data), by=by, source=source, dry_run=dry_run)
