from accounts.importers import ImportCommand
from enterprises.interchange import import_workbook, read_workbook

SYSTEM_USERNAME = "enterprise-import"


class Command(ImportCommand):
    help = (
        "导入产业链环节和目标企业（.xlsx，工作表 chain_links、enterprises）。全部正确才保存：任何一行有错则列出每个错误"
        "（工作表、行、列、原因）并以状态 1 退出，数据库不变。同一文件重复导入不会改动任何内容。"
    )
    capability, what = "enterprises.import", "目标企业"
    system_username, system_name = SYSTEM_USERNAME, "目标企业导入（系统）"

    def run_import(self, data: bytes, *, by, source: str, dry_run: bool):
        return import_workbook(read_workbook(data), by=by, source=source, dry_run=dry_run)
